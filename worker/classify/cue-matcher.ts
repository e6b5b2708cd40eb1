/**
 * Compiled form of the lexicon's cue phrases (`lexicon-id.ts`), matched token by token.
 *
 * The first classifier compiled every phrase into its own regular expression and ran all ~550 of them
 * over every message (about 2,400 messages/s). Normalised text is a list of space-separated tokens and
 * every phrase token matches one whole text token, so this matcher instead indexes each phrase by its
 * first token (exact word, prefix, suffix, infix, number or any word) and, walking the message's tokens
 * once, only verifies the phrases whose first token fits. Decisions are identical to the regex version:
 * - a phrase token matches exactly what `(?<=^| )…(?= |$)` matched (`x*` = x then letters/digits, `*x` =
 *   letters then x, `*x*` = letters, x, letters/digits, `#` = ASCII digits then letters);
 * - each phrase's match is its leftmost one, and a cue reports its first phrase (in lexicon order) that
 *   matches anywhere, so `matched` is the same text the regex returned;
 * - cues come back in lexicon order, so stable sorts of reasons are unchanged.
 */
import type { Cue } from './lexicon-id.ts';

export interface CueMatch {
  /** Index of the cue in the list given to `compileCues`. */
  readonly cue: number;
  /** The matched tokens as they appear in the text (space-separated). */
  readonly matched: string;
  readonly weight: number;
}

interface TokenPattern {
  readonly exact: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  readonly suffixes: readonly string[];
  readonly infixes: readonly string[];
  /** `#`: ASCII digits then letters ("3", "3x", "100rb"). */
  readonly number: boolean;
  /** A bare `*`: any run of letters and digits, empty included. */
  readonly any: boolean;
}

interface Phrase {
  readonly cue: number;
  /** Position among its cue's phrases: the lowest one that matches wins. */
  readonly order: number;
  readonly tokens: readonly TokenPattern[];
}

const LETTERS = /^\p{L}*$/u;
const LETTERS_DIGITS = /^[\p{L}\p{N}]*$/u;
const NUMBER = /^[0-9]+\p{L}*$/u;

function parseToken(token: string): TokenPattern {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const infixes: string[] = [];
  let any = false;
  if (token === '#') return { exact, prefixes, suffixes, infixes, number: true, any };
  for (const alt of token.split('|')) {
    const start = alt.startsWith('*');
    const end = alt.endsWith('*');
    const core = alt.replace(/^\*|\*$/g, '');
    if (core === '' && (start || end)) any = true;
    else if (start && end) infixes.push(core);
    else if (start) suffixes.push(core);
    else if (end) prefixes.push(core);
    else exact.add(core);
  }
  return { exact, prefixes, suffixes, infixes, number: false, any };
}

function matchesPrefix(token: string, core: string): boolean {
  return token.startsWith(core) && LETTERS_DIGITS.test(token.slice(core.length));
}

function matchesSuffix(token: string, core: string): boolean {
  return token.endsWith(core) && LETTERS.test(token.slice(0, token.length - core.length));
}

function matchesInfix(token: string, core: string): boolean {
  for (let at = token.indexOf(core); at >= 0; at = token.indexOf(core, at + 1)) {
    if (LETTERS.test(token.slice(0, at)) && LETTERS_DIGITS.test(token.slice(at + core.length))) return true;
  }
  return false;
}

function tokenMatches(p: TokenPattern, token: string): boolean {
  if (p.exact.has(token)) return true;
  if (p.number) return NUMBER.test(token);
  if (p.any && LETTERS_DIGITS.test(token)) return true;
  for (const core of p.prefixes) if (matchesPrefix(token, core)) return true;
  for (const core of p.suffixes) if (matchesSuffix(token, core)) return true;
  for (const core of p.infixes) if (matchesInfix(token, core)) return true;
  return false;
}

function addTo<K>(map: Map<K, Phrase[]>, key: K, phrase: Phrase) {
  const list = map.get(key);
  if (list) list.push(phrase);
  else map.set(key, [phrase]);
}

export interface CompiledCues {
  /** Every cue that matches `text` (normalised), in cue order, with its first matching phrase. */
  match(text: string): CueMatch[];
}

export function compileCues(cues: readonly Cue[]): CompiledCues {
  const byExact = new Map<string, Phrase[]>();
  const byPrefix = new Map<string, Phrase[]>();
  const bySuffix = new Map<string, Phrase[]>();
  const byInfix = new Map<string, Phrase[]>();
  const byNumber: Phrase[] = [];
  const byAny: Phrase[] = [];
  cues.forEach((cue, cueIndex) => {
    cue.phrases.forEach((text, order) => {
      const tokens = text.trim().split(/\s+/).map(parseToken);
      const phrase: Phrase = { cue: cueIndex, order, tokens };
      const first = tokens[0]!;
      for (const core of first.exact) addTo(byExact, core, phrase);
      for (const core of first.prefixes) addTo(byPrefix, core, phrase);
      for (const core of first.suffixes) addTo(bySuffix, core, phrase);
      for (const core of first.infixes) addTo(byInfix, core, phrase);
      if (first.number) byNumber.push(phrase);
      if (first.any) byAny.push(phrase);
    });
  });
  const prefixLengths = [...new Set([...byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  const suffixLengths = [...new Set([...bySuffix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  const infixes = [...byInfix.entries()];
  const weights = cues.map((c) => c.weight);

  return {
    match(text: string): CueMatch[] {
      const tokens = text.split(' ');
      // Per cue: the lowest phrase order matched so far and where.
      const bestOrder = new Map<number, { order: number; start: number; length: number }>();
      const tryPhrase = (phrase: Phrase, start: number) => {
        const known = bestOrder.get(phrase.cue);
        if (known && known.order <= phrase.order) return;
        const n = phrase.tokens.length;
        if (start + n > tokens.length) return;
        for (let j = 1; j < n; j++) if (!tokenMatches(phrase.tokens[j]!, tokens[start + j]!)) return;
        bestOrder.set(phrase.cue, { order: phrase.order, start, length: n });
      };
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i]!;
        const exact = byExact.get(token);
        if (exact) for (const p of exact) tryPhrase(p, i);
        for (const len of prefixLengths) {
          if (len > token.length) break;
          const list = byPrefix.get(token.slice(0, len));
          if (list && LETTERS_DIGITS.test(token.slice(len))) for (const p of list) tryPhrase(p, i);
        }
        for (const len of suffixLengths) {
          if (len > token.length) break;
          const list = bySuffix.get(token.slice(token.length - len));
          if (list && LETTERS.test(token.slice(0, token.length - len))) for (const p of list) tryPhrase(p, i);
        }
        for (const [core, list] of infixes) {
          if (matchesInfix(token, core)) for (const p of list) tryPhrase(p, i);
        }
        if (byNumber.length > 0 && NUMBER.test(token)) for (const p of byNumber) tryPhrase(p, i);
        if (byAny.length > 0 && LETTERS_DIGITS.test(token)) for (const p of byAny) tryPhrase(p, i);
      }
      const found: CueMatch[] = [];
      for (const cue of [...bestOrder.keys()].sort((a, b) => a - b)) {
        const { start, length } = bestOrder.get(cue)!;
        found.push({ cue, matched: tokens.slice(start, start + length).join(' '), weight: weights[cue]! });
      }
      return found;
    },
  };
}
