/**
 * How probabilities become a category and a secondary label (`decide` in model/predict.ts): a request
 * likely enough is never lost, and chatter gives way to an intent strong enough to be named.
 */
import { describe, expect, it } from 'vitest';
import type { RuleEvidence } from '../../worker/classify/model/features.ts';
import {
  CLAIM_QUESTION_RULE_SCORE,
  decide,
  PLAIN_RULE_SCORE,
  REQUEST_FLAG_PROBABILITY,
} from '../../worker/classify/model/predict.ts';
import { CATEGORIES, type Category } from '../../worker/classify/rules.ts';

const noRules = { scores: { INFO_REQUEST: 0, COMPLAINT: 0, MISINFORMATION: 0, OTHER: 0 } } as RuleEvidence;

function route(p: Partial<Record<Category, number>>, evidence = noRules) {
  const probs = CATEGORIES.map((c) => p[c] ?? 0);
  const { top, secondary } = decide(CATEGORIES, probs, evidence);
  return [CATEGORIES[top], secondary];
}

describe('the routing of probabilities to categories', () => {
  it('files the likeliest category when nothing else is strong', () => {
    expect(route({ COMPLAINT: 0.8, OTHER: 0.1, INFO_REQUEST: 0.05, MISINFORMATION: 0.05 })).toEqual([
      'COMPLAINT',
      null,
    ]);
    expect(route({ OTHER: 0.85, MISINFORMATION: 0.1, INFO_REQUEST: 0.05 })).toEqual(['OTHER', null]);
  });

  it('files chatter as a request once the request is likely enough, and not just below that', () => {
    const at = REQUEST_FLAG_PROBABILITY;
    expect(route({ OTHER: 1 - at, INFO_REQUEST: at })).toEqual(['INFO_REQUEST', null]);
    expect(route({ OTHER: 1 - at + 0.01, INFO_REQUEST: at - 0.01 })).toEqual(['OTHER', null]);
  });

  it('keeps a likely request as the secondary label of a complaint or a claim', () => {
    expect(route({ COMPLAINT: 0.7, INFO_REQUEST: 0.25, OTHER: 0.05 })).toEqual(['COMPLAINT', 'INFO_REQUEST']);
    expect(route({ MISINFORMATION: 0.6, INFO_REQUEST: 0.2, OTHER: 0.2 })).toEqual([
      'MISINFORMATION',
      'INFO_REQUEST',
    ]);
  });

  it('lets chatter give way to a claim or complaint strong enough to be named, but not to a weak one', () => {
    expect(route({ OTHER: 0.55, MISINFORMATION: 0.35, COMPLAINT: 0.1 })).toEqual(['MISINFORMATION', null]);
    expect(route({ OTHER: 0.6, COMPLAINT: 0.3, INFO_REQUEST: 0.1 })).toEqual(['COMPLAINT', null]);
    expect(route({ OTHER: 0.82, MISINFORMATION: 0.15, COMPLAINT: 0.03 })).toEqual(['OTHER', null]);
  });

  it('names a weak runner-up the rules also found evidence for', () => {
    const rules = { scores: { INFO_REQUEST: 0, COMPLAINT: 2, MISINFORMATION: 0, OTHER: 0 } } as RuleEvidence;
    expect(route({ MISINFORMATION: 0.9, COMPLAINT: 0.05, OTHER: 0.05 }, rules)).toEqual([
      'MISINFORMATION',
      'COMPLAINT',
    ]);
    expect(route({ MISINFORMATION: 0.9, COMPLAINT: 0.05, OTHER: 0.05 })).toEqual(['MISINFORMATION', null]);
  });

  it('keeps a question the rules see plainly, and a plain complaint, however little the model gives them', () => {
    const rules = (scores: Partial<Record<Category, number>>) =>
      ({ scores: { INFO_REQUEST: 0, COMPLAINT: 0, MISINFORMATION: 0, OTHER: 0, ...scores } }) as RuleEvidence;
    expect(route({ COMPLAINT: 0.99, INFO_REQUEST: 0.01 }, rules({ INFO_REQUEST: PLAIN_RULE_SCORE }))).toEqual(
      ['COMPLAINT', 'INFO_REQUEST'],
    );
    expect(route({ OTHER: 0.95, INFO_REQUEST: 0.05 }, rules({ INFO_REQUEST: PLAIN_RULE_SCORE }))).toEqual([
      'INFO_REQUEST',
      null,
    ]);
    expect(
      route({ MISINFORMATION: 0.995, COMPLAINT: 0.005 }, rules({ COMPLAINT: PLAIN_RULE_SCORE })),
    ).toEqual(['MISINFORMATION', 'COMPLAINT']);
    // Below the bar, the model decides alone.
    expect(
      route({ COMPLAINT: 0.99, INFO_REQUEST: 0.01 }, rules({ INFO_REQUEST: PLAIN_RULE_SCORE - 0.5 })),
    ).toEqual(['COMPLAINT', null]);
  });

  it('files a question about a circulating claim as the claim, keeping the question', () => {
    const rules = {
      scores: { INFO_REQUEST: 2, COMPLAINT: 0, MISINFORMATION: CLAIM_QUESTION_RULE_SCORE, OTHER: 0 },
    } as RuleEvidence;
    expect(route({ INFO_REQUEST: 0.6, MISINFORMATION: 0.4 }, rules)).toEqual([
      'MISINFORMATION',
      'INFO_REQUEST',
    ]);
    // Without the rules' claim evidence, or with the model seeing little of a claim, the request leads.
    expect(route({ INFO_REQUEST: 0.6, MISINFORMATION: 0.4 })).toEqual(['INFO_REQUEST', 'MISINFORMATION']);
    expect(route({ INFO_REQUEST: 0.9, MISINFORMATION: 0.1 }, rules)).toEqual([
      'INFO_REQUEST',
      'MISINFORMATION',
    ]);
  });
});
