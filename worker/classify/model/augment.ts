/**
 * Training-set augmentation from the team's own examples (seeded, training part only — never the
 * held-out part). Each variant teaches the model something the hand-written examples under-represent:
 * - unpunctuated, lower-case: many citizens never type "?" ("syarat ktp apa min"), so a request must be
 *   recognisable from its words, not from its question mark;
 * - wrapped in courtesies ("selamat pagi min, … terima kasih", "… mohon infonya"): greetings, thanks and
 *   a closing "mohon infonya" decorate complaints and questions about claims, and must not decide them;
 * - a request cut to its topic ("syarat bikin KTP pertama kali", "jadwal SIM keliling hari ini"): many
 *   people type a request as a search query, and a short message is not chatter for being short;
 * - a claim without the asker's framing ("benarkah …?" → the claim itself; the quoted text in 'heboh soal
 *   "…"'; what follows "katanya"/"bahwa"): what circulates is the bare narrative, and it is misinformation
 *   whether or not someone asks about it.
 */
import type { TrainingExample } from './examples.ts';
import { seededRandom } from './random.ts';

/** Shares of examples that get each variant (deterministic, from the seed). */
const UNPUNCTUATED_SHARE = 0.5;
const COURTESY_SHARE = 0.5;

const GREETINGS = ['selamat pagi min, ', 'halo kak ', 'permisi, ', 'assalamualaikum min ', 'siang pak, '];
const THANKS = [
  ' terima kasih',
  ' makasih min',
  ' mohon bantuannya',
  ' 🙏',
  ' mohon infonya',
  ' mohon penjelasannya',
];

const FRAME_START =
  /^\s*(?:(?:min|kak|admin|pak|bu)[,\s]+)?(?:apa(?:kah)?\s+(?:benar|bener|betul)|benarkah|betulkah|bener\s+(?:gak|ga|nggak|ngga)(?:\s+sih)?|beneran|ini\s+(?:benar|bener))\b[\s,:]*/i;
const FRAME_END =
  /[\s,.]*(?:(?:ini\s+)?(?:benar|bener|betul|hoaks?|asli|beneran)\s*(?:gak|ga|tidak|nggak|kah|ya|atau\s+(?:tidak|hoaks?))?\s*(?:min|kak|pak|bu)?)?\s*\?+\s*$/i;

const QUOTED = /["“”«»]([^"“”«»]{20,})["“”«»]/g;
const REPORTED = /\b(?:katanya|kabarnya|konon|isunya|bahwa|ada yang bilang|yang bilang)\b[\s,:]*(.{20,})$/i;
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** The claim inside a message about it: quoted text, or what follows "katanya"/"bahwa". */
function bareClaims(text: string): string[] {
  const found = [...text.matchAll(QUOTED)].map((m) => m[1]!.trim());
  const reported = REPORTED.exec(text)?.[1];
  if (reported) found.push(reported.replace(FRAME_END, '').trim());
  const framed = text.replace(FRAME_START, '').replace(FRAME_END, '').trim();
  if (framed !== text.trim()) found.push(framed);
  return [...new Set(found)].filter((claim) => words(claim) >= 5 && claim !== text.trim());
}

/** Where a request's topic starts ("syarat …", "jadwal …", "harga …"), and what trails it ("apa aja ya min?"). */
const TOPIC_START =
  /\b(?:syarat|persyaratan|jadwal|harga|biaya|tarif|cara|prosedur|alur|alamat|lokasi|jam (?:buka|operasional|pelayanan)|link|formulir|kuota|kontak|nomor)\b/i;
const TRAILING_ASK =
  /(?:[\s,]+(?:apa(?: saja| aja)?|berapa|gimana|bagaimana|dimana|di mana|kapan|ya|dong|min|kak|pak|bu|gak|nggak|tidak|ada|sih|kah|nya))*[\s,?!.🙏]*$/iu;

/** The bare topic of a request ("syarat bikin KTP pertama kali"), as people type into a chat or search box. */
function keywordQuery(text: string): string | null {
  const start = TOPIC_START.exec(text);
  if (!start) return null;
  const query = text
    .slice(start.index)
    .split(/[?.!\n]/)[0]!
    .replace(TRAILING_ASK, '')
    .trim();
  return words(query) >= 2 && words(query) <= 8 && query !== text.trim() ? query : null;
}

const unpunctuated = (text: string) =>
  text
    .toLowerCase()
    .replace(/[?!.,;:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export interface Variant {
  example: TrainingExample;
  /** A bare claim is a guess at what circulated, so it may count for less than a rewording. */
  kind: 'rewording' | 'bare-claim';
}

export function augment(examples: readonly TrainingExample[], seed: number): Variant[] {
  const random = seededRandom(seed ^ 0xa06);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const out: Variant[] = [];
  const add = (example: TrainingExample, kind: Variant['kind'] = 'rewording') => out.push({ example, kind });
  for (const e of examples) {
    const plain = unpunctuated(e.text);
    if (plain !== e.text && random() < UNPUNCTUATED_SHARE) add({ ...e, text: plain });
    if (e.label !== 'OTHER' && random() < COURTESY_SHARE) {
      add({ ...e, text: `${pick(GREETINGS)}${e.text}${pick(THANKS)}` });
    }
    if (e.label === 'INFO_REQUEST') {
      const query = keywordQuery(e.text);
      if (query && random() < 0.5) add({ text: query, label: 'INFO_REQUEST' });
    }
    if (e.label === 'MISINFORMATION') {
      for (const claim of bareClaims(e.text)) add({ text: claim, label: 'MISINFORMATION' }, 'bare-claim');
    }
  }
  return out;
}
