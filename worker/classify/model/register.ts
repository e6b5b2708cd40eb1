/**
 * Register features: how a message is written rather than which words it uses. Citizens asking or
 * complaining address the account ("min", "kak", "pak") and speak as "saya"/"kami"; a claim being passed
 * on is a statement about the world, often shouted (capitals, "!!"), addressed to "anda"/"kalian", or in
 * English. Each is one binary feature; the model learns what they are worth.
 */

import type { RuleEvidence } from './features.ts';
import { hashString, SEED } from './hash.ts';

const ADDRESS = new Set([
  'admin',
  'kak',
  'kakak',
  'ka',
  'pak',
  'bapak',
  'bu',
  'ibu',
  'mas',
  'mbak',
  'mba',
  'gan',
  'sis',
  'bang',
  'om',
  'dok',
  'bund',
  'bunda',
  'kang',
  'teh',
  'cak',
  'ning',
  'bli',
  'daeng',
  'uda',
  'yth',
]);
const FIRST_PERSON = new Set(['saya', 'kami', 'ku', 'daku']);
const SECOND_PERSON = new Set(['anda', 'kalian', 'kamu', 'antum', 'sampeyan', 'kau', 'engkau']);
const ENGLISH = new Set([
  'the',
  'and',
  'is',
  'are',
  'of',
  'to',
  'in',
  'that',
  'this',
  'you',
  'it',
  'for',
  'was',
  'with',
  'be',
  'have',
  'has',
  'they',
  'from',
  'will',
  'not',
  'by',
  'on',
  'their',
  'we',
  'what',
]);
const QUESTION_KEY = /^INFO_REQUEST:question/;
/**
 * Words that end a question typed without "?": "wajib antigen tidak", "sudah buka belum", "berhenti di
 * gombong kan", "masih ada ya min". Address and thanks after them are skipped ("… ya min terima kasih").
 */
const QUESTION_TAIL = new Set([
  'ya',
  'kah',
  'tidak',
  'belum',
  'bukan',
  'kan',
  'apa',
  'mana',
  'berapa',
  'kapan',
  'bagaimana',
  'dong',
  'atau',
  'gitu',
]);
const CLOSING = new Set(['terima', 'kasih', 'makasih', 'thanks', 'thank', 'you', 'nuhun', 'matur', 'nuwun']);

/** Whether the message's last word (before address and thanks) is one that ends a question. */
function endsLikeQuestion(tokens: readonly string[]): boolean {
  let i = tokens.length - 1;
  while (i >= 0 && (ADDRESS.has(tokens[i]!) || CLOSING.has(tokens[i]!))) i--;
  if (i < 1) return false;
  const last = tokens[i]!;
  return QUESTION_TAIL.has(last) || (last.length > 4 && last.endsWith('kah'));
}

const hashes = new Map<string, number>();
export function registerHash(name: string): number {
  let h = hashes.get(name);
  if (h === undefined) {
    h = hashString(SEED.meta, `register:${name}`);
    hashes.set(name, h);
  }
  return h;
}

export function registerOf(evidence: RuleEvidence, tokens: readonly string[]): string[] {
  const out: string[] = [];
  let addressed = false;
  let first = false;
  let second = false;
  let english = 0;
  let numbers = 0;
  for (const t of tokens) {
    if (ADDRESS.has(t)) addressed = true;
    else if (FIRST_PERSON.has(t)) first = true;
    else if (SECOND_PERSON.has(t)) second = true;
    else if (ENGLISH.has(t)) english++;
    if (t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57) numbers++;
  }
  const question = evidence.cues.some((c) => QUESTION_KEY.test(c.key));
  if (addressed) out.push('addressed');
  if (first) out.push('first-person');
  if (second) out.push('second-person');
  if (!addressed && !first && !question && tokens.length >= 4) out.push('plain-statement');
  if (endsLikeQuestion(tokens)) out.push('question-tail');
  if (tokens.length >= 4 && english >= Math.max(2, tokens.length * 0.2)) out.push('english');
  if (numbers >= 3) out.push('many-numbers');

  let upper = 0;
  let letters = 0;
  let bangs = 0;
  const text = evidence.text;
  for (let i = 0; i < text.length && i < 2000; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      upper++;
      letters++;
    } else if (c >= 97 && c <= 122) letters++;
    else if (c === 33) bangs++;
  }
  if (letters >= 12 && upper / letters >= 0.6) out.push('shouting');
  else if (letters >= 12 && upper / letters >= 0.25) out.push('many-capitals');
  if (bangs >= 2) out.push('exclamations');
  return out;
}
