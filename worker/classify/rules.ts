/**
 * The classifier for inbound citizen messages (Indonesian, informal), and its first, rule-based layer.
 * Weighted cues from `lexicon-id.ts` are matched on normalised text (`normalise.ts`); each category's score
 * is the sum of its matched cues, plus question evidence for information requests. Strong misinformation
 * cues win over the question form they often come in ("benarkah …?"); polite framing (greetings, thanks)
 * counts for less once a message carries a substantive request, complaint or claim.
 *
 * When the trained model's artefact is shipped (`model/`), it decides, with the rules' cues and scores
 * among its features; the rules decide alone without it, and always for messages with no word at all.
 * `classifyMessage` adds known-claim matching (`claims/`): a message repeating a debunked claim of the
 * registry is misinformation whatever its wording. `classifyText` is the same without a registry.
 * Cues are matched by `cue-matcher.ts` (one pass over the tokens, same results as a regex per phrase).
 */
import type { ClaimIndex, ClaimMatch } from './claims/index.ts';
import { DEBUNKED_VERDICTS } from './claims/index.ts';
import { compileCues } from './cue-matcher.ts';
import { LEXICON, QUESTION_WORDS } from './lexicon-id.ts';
import type { LinearModel } from './model/artefact.ts';
import type { CueEvidence, RuleEvidence } from './model/features.ts';
import { LABEL_ID, predictEvidence } from './model/predict.ts';
import { shippedModel } from './model/shipped.ts';
import { normaliseText } from './normalise.ts';

export type Category = 'INFO_REQUEST' | 'COMPLAINT' | 'MISINFORMATION' | 'OTHER';

export interface ClassificationResult {
  category: Category;
  secondary: Category | null;
  confidence: number;
  reasons: string[];
  modelVersion: string;
}

/** The rules' version: results carry it when no trained model is shipped. */
export const MODEL_VERSION = 'rules-1';

export const CATEGORIES: readonly Category[] = ['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER'];

const FLAGGED: readonly Category[] = ['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION'];

/** Below this, no category has real evidence and the message is filed as OTHER. */
const MIN_EVIDENCE = 1;
/** Misinformation at or above this score wins unless another category is far ahead. */
const MISINFO_STRONG = 3;
const MISINFO_PRECEDENCE_RATIO = 0.6;
/** Once a flagged category reaches this, greetings and thanks count for half (polite framing). */
const SUBSTANTIVE = 2;
const POLITENESS_DISCOUNT = 0.5;
/** A second category is reported when it reaches both of these. */
const SECONDARY_MIN = 1.5;
const SECONDARY_RATIO = 0.4;
const QUESTION_MARK_WEIGHT = 1;
const LINK_WEIGHT = 1;
const RHETORICAL_FACTOR = 0.5;
const MAX_REASONS = 6;

const LINK = /https?:\/\/|www\.|\b[\w-]+\.(?:com|co\.id|id|net|org|ly|me|xyz|info|site|online|blogspot)\b/i;
const HAS_WORD = /[\p{L}\p{N}]/u;
const REDUPLICATED = /(?<=^| )(\p{L}+) \1(?= |$)/gu;

interface Hit {
  readonly reason: string;
  readonly weight: number;
  /** Stable identity of the cue (category and first phrase), a feature of the trained model. */
  readonly key: string;
}

/** All four categories' cues in one matcher (one pass over the tokens); `CUE_CATEGORY[i]` is cue i's. */
const ALL_CUES = CATEGORIES.flatMap((category) => LEXICON[category]);
const CUE_CATEGORY: readonly Category[] = CATEGORIES.flatMap((category) =>
  LEXICON[category].map(() => category),
);
const COMPILED = compileCues(ALL_CUES);
const COMPILED_QUESTIONS = compileCues(QUESTION_WORDS);

const keyword = (matched: string) => `kata kunci: "${matched}"`;
const CUE_KEY = ALL_CUES.map((cue, i) => `${CUE_CATEGORY[i]}:${cue.phrases[0]}`);
const QUESTION_KEY = QUESTION_WORDS.map((cue) => `INFO_REQUEST:question:${cue.phrases[0]}`);

function score(raw: string, text: string): Record<Category, Hit[]> {
  const hits: Record<Category, Hit[]> = { INFO_REQUEST: [], COMPLAINT: [], MISINFORMATION: [], OTHER: [] };
  for (const { cue, matched, weight } of COMPILED.match(text)) {
    hits[CUE_CATEGORY[cue]!].push({ reason: keyword(matched), weight, key: CUE_KEY[cue]! });
  }
  // Question form: a question mark, and the strongest question word present. A reduplicated question
  // word is an indefinite ("kapan-kapan" = some time, "apa-apa" = anything), not a question.
  const question: Hit[] = [];
  if (/(?:^| )\?(?: |$)/.test(text)) {
    question.push({
      reason: 'pertanyaan: tanda tanya "?"',
      weight: QUESTION_MARK_WEIGHT,
      key: 'INFO_REQUEST:question-mark',
    });
  }
  const withoutIndefinites = text.replace(REDUPLICATED, ' ');
  const questionWord = COMPILED_QUESTIONS.match(withoutIndefinites).sort((a, b) => b.weight - a.weight)[0];
  if (questionWord) {
    question.push({
      reason: `kata tanya: "${questionWord.matched}"`,
      weight: questionWord.weight,
      key: QUESTION_KEY[questionWord.cue]!,
    });
  }
  // A bare question (no request wording) next to complaint wording is most likely rhetorical
  // ("Dishub kemana?", "sampai kapan?"): it counts for half.
  // Topic hints ("ktp", "daftar") are not request wording; only cues of weight 1 or more are.
  const requestWording = hits.INFO_REQUEST.some((h) => h.weight >= 1);
  const rhetorical = !requestWording && total(hits.COMPLAINT) >= 1;
  for (const h of question) {
    hits.INFO_REQUEST.push(rhetorical ? { ...h, weight: h.weight * RHETORICAL_FACTOR } : h);
  }
  // A link in a citizen's message is mostly something being passed on: a claim, a lure or a promo.
  if (LINK.test(raw)) {
    hits.MISINFORMATION.push({ reason: 'berisi tautan', weight: LINK_WEIGHT, key: 'MISINFORMATION:link' });
  }
  return hits;
}

const total = (hits: readonly Hit[]) => hits.reduce((sum, h) => sum + h.weight, 0);
const round2 = (n: number) => Math.round(n * 100) / 100;

function confidenceOf(top: number, second: number): number {
  const strength = 1 - Math.exp(-top / 2.5);
  const margin = top > 0 ? (top - second) / top : 0;
  return round2(Math.min(0.95, Math.max(0.05, 0.25 + 0.7 * strength * (0.4 + 0.6 * margin))));
}

function describe(hits: readonly Hit[], limit: number, suffix = ''): string[] {
  return [...hits]
    .sort((a, b) => b.weight - a.weight)
    .slice(0, limit)
    .map((h) => (suffix ? `${h.reason} (${suffix})` : h.reason));
}

/** Rule decision on (capped) text and its normalised form, with the cue hits behind it. */
interface RuleOutcome {
  result: ClassificationResult;
  hits: Record<Category, Hit[]>;
  scores: Record<Category, number>;
}

function classifyByRules(text: string, normalised: string): RuleOutcome {
  const base = { modelVersion: MODEL_VERSION, secondary: null };
  if (!HAS_WORD.test(normalised)) {
    const blank = text.trim() === '';
    return {
      result: {
        ...base,
        category: 'OTHER',
        confidence: blank ? 0.3 : 0.7,
        reasons: [blank ? 'pesan kosong' : 'hanya emoji atau simbol'],
      },
      hits: { INFO_REQUEST: [], COMPLAINT: [], MISINFORMATION: [], OTHER: [] },
      scores: { INFO_REQUEST: 0, COMPLAINT: 0, MISINFORMATION: 0, OTHER: 0 },
    };
  }

  const hits = score(text, normalised);
  const scores: Record<Category, number> = {
    INFO_REQUEST: total(hits.INFO_REQUEST),
    COMPLAINT: total(hits.COMPLAINT),
    MISINFORMATION: total(hits.MISINFORMATION),
    OTHER: total(hits.OTHER),
  };
  const flaggedBest = Math.max(...FLAGGED.map((c) => scores[c]));
  if (flaggedBest >= SUBSTANTIVE) scores.OTHER *= POLITENESS_DISCOUNT;

  const ranked = [...CATEGORIES].sort((a, b) => scores[b] - scores[a]);
  let category = ranked[0]!;
  const reasons: string[] = [];

  const misinfo = scores.MISINFORMATION;
  const rival = Math.max(scores.INFO_REQUEST, scores.COMPLAINT);
  if (
    category !== 'MISINFORMATION' &&
    misinfo >= MISINFO_STRONG &&
    misinfo >= MISINFO_PRECEDENCE_RATIO * rival
  ) {
    category = 'MISINFORMATION';
    reasons.push('isyarat misinformasi kuat: diutamakan');
  }

  if (scores[category] < MIN_EVIDENCE) {
    const words = normalised.split(' ').length;
    return {
      result: {
        ...base,
        category: 'OTHER',
        confidence: words <= 3 ? 0.6 : 0.35,
        reasons: [
          words <= 3 ? 'pesan sangat pendek tanpa isyarat' : 'tidak ada isyarat kuat',
          ...describe(hits.OTHER, 2),
        ],
      },
      hits,
      scores,
    };
  }

  const others = CATEGORIES.filter((c) => c !== category).sort((a, b) => scores[b] - scores[a]);
  const runnerUp = others[0]!;
  const secondCandidate = others.find((c) => category === 'OTHER' || c !== 'OTHER');
  const secondary =
    secondCandidate &&
    scores[secondCandidate] >= SECONDARY_MIN &&
    scores[secondCandidate] >= SECONDARY_RATIO * scores[category]
      ? secondCandidate
      : null;

  reasons.push(...describe(hits[category], MAX_REASONS - reasons.length - (secondary ? 2 : 0)));
  if (secondary) reasons.push(...describe(hits[secondary], 2, `juga ${LABEL_ID[secondary]}`));

  return {
    result: {
      category,
      secondary,
      confidence: confidenceOf(scores[category], scores[runnerUp]),
      reasons,
      modelVersion: MODEL_VERSION,
    },
    hits,
    scores,
  };
}

/**
 * Messages longer than this are accepted whole but scored (cues, claim matching) on their first
 * MAX_SCORED_CHARS characters, cut at a space, and a reason says so. Citizens' posts and chat messages
 * are far shorter (the demo corpus averages under 100 characters); what reaches this is a pasted
 * document or abuse, and the cap keeps the cost of one message bounded (a few milliseconds).
 */
export const MAX_SCORED_CHARS = 10_000;

function capForScoring(text: string): string {
  if (text.length <= MAX_SCORED_CHARS) return text;
  const head = text.slice(0, MAX_SCORED_CHARS);
  const space = head.search(/\s\S*$/);
  return space > MAX_SCORED_CHARS - 200 ? head.slice(0, space) : head;
}

export interface ClassifyOptions {
  /** Known-claim registry; without it no claim matching is done. */
  claims?: ClaimIndex | null;
  /** The trained model to use instead of the shipped one; `null` for the rules alone. */
  model?: LinearModel | null;
}

export interface MessageClassification extends ClassificationResult {
  /** The registered claim the message repeats (whatever its verdict), or null. */
  claimId: string | null;
}

/** Confidence of a classification forced by a debunked claim match: 0.75 at similarity 0.5, 0.95 at 0.9. */
const claimConfidence = (similarity: number) => round2(Math.min(0.95, 0.5 + 0.5 * similarity));

const claimReason = (m: ClaimMatch) =>
  `klaim terdaftar: "${m.claimId}" (kemiripan ${m.similarity.toFixed(2)}, ${m.verdict})`;

/** The rules' view of a message: what the trained model's features are built on. */
export interface RuleAnalysis {
  /** The text as scored (capped at MAX_SCORED_CHARS). */
  scored: string;
  evidence: RuleEvidence;
  outcome: RuleOutcome;
}

export function analyseText(text: string): RuleAnalysis {
  const scored = capForScoring(text);
  const normalised = normaliseText(scored);
  const outcome = classifyByRules(scored, normalised);
  const cues: CueEvidence[] = [];
  for (const category of CATEGORIES) {
    for (const h of outcome.hits[category])
      cues.push({ key: h.key, category, weight: h.weight, reason: h.reason });
  }
  const evidence: RuleEvidence = {
    text: scored,
    normalised,
    cues,
    scores: outcome.scores,
    ruleCategory: outcome.result.category,
    hasLink: outcome.hits.MISINFORMATION.some((h) => h.key === 'MISINFORMATION:link'),
  };
  return { scored, evidence, outcome };
}

/**
 * Classifies one message. With the shipped model (`model/shipped.ts`) present, the trained model decides,
 * its features built on the rule cues (`lexicon-id.ts`); without it, the rules decide. Messages with no
 * word at all (empty, emoji only) are filed as OTHER by the rules either way.
 *
 * Given a claim index, a message that repeats a debunked claim (HOAKS, DISINFORMASI, MISINFORMASI) is
 * MISINFORMATION whatever the classifier says, with the claim as its first reason; the category it chose,
 * when it is a request or complaint, becomes the secondary one. A match with another verdict (FAKTA,
 * BELUM_TERVERIFIKASI) is only reported, as a reason and `claimId`.
 */
export function classifyMessage(text: string, options: ClassifyOptions = {}): MessageClassification {
  const { scored, evidence, outcome } = analyseText(text);
  const { hits } = outcome;
  const model = options.model === undefined ? shippedModel() : options.model;
  const hasWords = HAS_WORD.test(evidence.normalised);
  const version = model?.version ?? MODEL_VERSION;
  const result: ClassificationResult =
    model && hasWords ? predictEvidence(model, evidence) : { ...outcome.result, modelVersion: version };
  const truncated = scored.length < text.length;
  const note = truncated ? [`pesan panjang: hanya ${MAX_SCORED_CHARS} karakter pertama dinilai`] : [];
  const match = options.claims && hasWords ? options.claims.matchNormalised(evidence.normalised) : null;

  if (!match) return { ...result, reasons: [...result.reasons, ...note], claimId: null };
  if (!DEBUNKED_VERDICTS.has(match.verdict)) {
    return { ...result, reasons: [...result.reasons, claimReason(match), ...note], claimId: match.claimId };
  }

  const decided = result.category;
  const secondary = decided === 'MISINFORMATION' ? result.secondary : decided !== 'OTHER' ? decided : null;
  const reasons = [claimReason(match)];
  if (decided === 'MISINFORMATION') reasons.push(...result.reasons);
  else {
    reasons.push(...describe(hits.MISINFORMATION, MAX_REASONS - 1 - (secondary ? 2 : 0)));
    if (secondary) {
      const also = `juga ${LABEL_ID[secondary]}`;
      // The rules' cues for the category they chose; the model's own reasons for the one it chose.
      if (model) reasons.push(...result.reasons.slice(0, 2).map((r) => `${r} (${also})`));
      else reasons.push(...describe(hits[secondary], 2, also));
    }
  }
  return {
    category: 'MISINFORMATION',
    secondary,
    confidence: Math.max(
      decided === 'MISINFORMATION' ? result.confidence : 0,
      claimConfidence(match.similarity),
    ),
    reasons: [...reasons, ...note],
    modelVersion: version,
    claimId: match.claimId,
  };
}

/** Classification without claim matching (the worker's original entry point). */
export function classifyText(text: string): ClassificationResult {
  const { category, secondary, confidence, reasons, modelVersion } = classifyMessage(text);
  return { category, secondary, confidence, reasons, modelVersion };
}
