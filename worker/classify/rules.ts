/**
 * First, rule-based classifier for inbound citizen messages (Indonesian, informal). Weighted cues from
 * `lexicon-id.ts` are matched on normalised text (`normalise.ts`); each category's score is the sum of its
 * matched cues, plus question evidence for information requests. Strong misinformation cues win over
 * the question form they often come in ("benarkah …?"); polite framing (greetings, thanks) counts for
 * less once a message carries a substantive request, complaint or claim.
 */
import { type Cue, LEXICON, QUESTION_WORDS } from './lexicon-id.ts';
import { normaliseText } from './normalise.ts';

export type Category = 'INFO_REQUEST' | 'COMPLAINT' | 'MISINFORMATION' | 'OTHER';

export interface ClassificationResult {
  category: Category;
  secondary: Category | null;
  confidence: number;
  reasons: string[];
  modelVersion: string;
}

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

interface CompiledCue {
  readonly regexes: readonly RegExp[];
  readonly weight: number;
}

interface Hit {
  readonly reason: string;
  readonly weight: number;
}

function tokenRegex(token: string): string {
  if (token === '#') return '\\d+\\p{L}*';
  return token
    .split('|')
    .map((alt) => {
      const start = alt.startsWith('*') ? '\\p{L}*' : '';
      const end = alt.endsWith('*') ? '[\\p{L}\\p{N}]*' : '';
      const core = alt.replace(/^\*|\*$/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return `${start}${core}${end}`;
    })
    .join('|');
}

function compilePhrase(phrase: string): RegExp {
  const body = phrase
    .trim()
    .split(/\s+/)
    .map((token) => `(?:${tokenRegex(token)})`)
    .join(' ');
  return new RegExp(`(?<=^| )${body}(?= |$)`, 'u');
}

function compile(cues: readonly Cue[]): CompiledCue[] {
  return cues.map((cue) => ({ regexes: cue.phrases.map(compilePhrase), weight: cue.weight }));
}

const COMPILED: Readonly<Record<Category, CompiledCue[]>> = {
  INFO_REQUEST: compile(LEXICON.INFO_REQUEST),
  COMPLAINT: compile(LEXICON.COMPLAINT),
  MISINFORMATION: compile(LEXICON.MISINFORMATION),
  OTHER: compile(LEXICON.OTHER),
};
const COMPILED_QUESTIONS = compile(QUESTION_WORDS);

/** For each cue, the first of its phrases found in the text. */
function matchCues(text: string, cues: readonly CompiledCue[]): { matched: string; weight: number }[] {
  const found: { matched: string; weight: number }[] = [];
  for (const cue of cues) {
    for (const regex of cue.regexes) {
      const m = regex.exec(text);
      if (m) {
        found.push({ matched: m[0], weight: cue.weight });
        break;
      }
    }
  }
  return found;
}

const keyword = (matched: string) => `kata kunci: "${matched}"`;

function score(raw: string, text: string): Record<Category, Hit[]> {
  const hits: Record<Category, Hit[]> = { INFO_REQUEST: [], COMPLAINT: [], MISINFORMATION: [], OTHER: [] };
  for (const category of CATEGORIES) {
    for (const { matched, weight } of matchCues(text, COMPILED[category])) {
      hits[category].push({ reason: keyword(matched), weight });
    }
  }
  // Question form: a question mark, and the strongest question word present. A reduplicated question
  // word is an indefinite ("kapan-kapan" = some time, "apa-apa" = anything), not a question.
  const question: Hit[] = [];
  if (/(?:^| )\?(?: |$)/.test(text)) {
    question.push({ reason: 'pertanyaan: tanda tanya "?"', weight: QUESTION_MARK_WEIGHT });
  }
  const withoutIndefinites = text.replace(REDUPLICATED, ' ');
  const questionWord = matchCues(withoutIndefinites, COMPILED_QUESTIONS).sort(
    (a, b) => b.weight - a.weight,
  )[0];
  if (questionWord) {
    question.push({ reason: `kata tanya: "${questionWord.matched}"`, weight: questionWord.weight });
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
  if (LINK.test(raw)) hits.MISINFORMATION.push({ reason: 'berisi tautan', weight: LINK_WEIGHT });
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

const LABEL_ID: Record<Category, string> = {
  INFO_REQUEST: 'permintaan informasi',
  COMPLAINT: 'keluhan',
  MISINFORMATION: 'misinformasi',
  OTHER: 'lainnya',
};

export function classifyText(text: string): ClassificationResult {
  const normalised = normaliseText(text);
  const base = { modelVersion: MODEL_VERSION, secondary: null };
  if (!HAS_WORD.test(normalised)) {
    const blank = text.trim() === '';
    return {
      ...base,
      category: 'OTHER',
      confidence: blank ? 0.3 : 0.7,
      reasons: [blank ? 'pesan kosong' : 'hanya emoji atau simbol'],
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
      ...base,
      category: 'OTHER',
      confidence: words <= 3 ? 0.6 : 0.35,
      reasons: [
        words <= 3 ? 'pesan sangat pendek tanpa isyarat' : 'tidak ada isyarat kuat',
        ...describe(hits.OTHER, 2),
      ],
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
    category,
    secondary,
    confidence: confidenceOf(scores[category], scores[runnerUp]),
    reasons,
    modelVersion: MODEL_VERSION,
  };
}
