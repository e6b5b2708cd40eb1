import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClaimIndex } from '../../worker/classify/claims/index.ts';
import { compileCues } from '../../worker/classify/cue-matcher.ts';
import { evaluate } from '../../worker/classify/evaluate.ts';
import { type Cue, LEXICON, QUESTION_WORDS } from '../../worker/classify/lexicon-id.ts';
import { shippedModel } from '../../worker/classify/model/shipped.ts';
import { normaliseText } from '../../worker/classify/normalise.ts';
import {
  CATEGORIES,
  classifyMessage,
  classifyText,
  MAX_SCORED_CHARS,
  type MessageClassification,
  MODEL_VERSION,
} from '../../worker/classify/rules.ts';
import { DEMO_CORPUS } from '../fakes/demo-corpus.ts';
import { REGISTRY, VARIANTS } from './fixtures/claims.ts';

const claims = new ClaimIndex(REGISTRY);

function wellFormed(r: MessageClassification) {
  expect(CATEGORIES).toContain(r.category);
  expect(r.secondary === null || CATEGORIES.includes(r.secondary)).toBe(true);
  expect(r.secondary).not.toBe(r.category);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(r.reasons.length).toBeGreaterThan(0);
  for (const reason of r.reasons) expect(typeof reason).toBe('string');
  // The shipped model's version when its artefact is present, the rules' otherwise.
  expect(r.modelVersion).toBe(shippedModel()?.version ?? MODEL_VERSION);
  expect(r.claimId === null || typeof r.claimId === 'string').toBe(true);
}

describe('classifyMessage with a claim registry', () => {
  it('files a message repeating a debunked claim as MISINFORMATION, naming the claim first', () => {
    // A paraphrase with no misinformation cue of its own: the rules alone do not call it misinformation
    // (the trained model may: it has learnt what such claims look like).
    const text =
      'BPJS Kesehatan mau dibubarkan tahun depan, pesertanya dipindah ke asuransi swasta yang iurannya 2x lipat';
    expect(classifyMessage(text, { model: null }).category).not.toBe('MISINFORMATION');
    const r = classifyMessage(text, { claims });
    expect(r.category).toBe('MISINFORMATION');
    expect(r.claimId).toBe('c15');
    expect(r.reasons[0]).toMatch(/^klaim terdaftar: "c15" \(kemiripan 0\.\d\d, HOAKS\)$/);
    expect(r.confidence).toBeGreaterThanOrEqual(0.75);
    wellFormed(r);
  });

  it('keeps the rules’ request or complaint as the secondary category', () => {
    const r = classifyMessage(
      'Min jalan di desa kami rusak parah. Terus ada yang bilang jembatan Suramadu akan ditutup total selama tiga bulan mulai pekan depan karena retakan di tiang penyangga utama',
      { claims },
    );
    expect(r).toMatchObject({ category: 'MISINFORMATION', claimId: 'c10' });
    expect(r.secondary).toBe('COMPLAINT');
    expect(r.reasons.some((reason) => reason.includes('(juga keluhan)'))).toBe(true);
  });

  it('adds the claim to a message the rules already call misinformation', () => {
    const text =
      'Sebarkan!! Minum air kelapa muda dicampur garam dan perasan jeruk nipis dapat menyembuhkan demam berdarah';
    const plain = classifyText(text);
    const r = classifyMessage(text, { claims });
    expect(plain.category).toBe('MISINFORMATION');
    expect(r.category).toBe('MISINFORMATION');
    expect(r.claimId).toBe('c05');
    expect(r.reasons[0]).toContain('"c05"');
    expect(r.reasons.slice(1)).toEqual(plain.reasons);
    expect(r.confidence).toBeGreaterThanOrEqual(plain.confidence);
  });

  it('only reports a match with a FAKTA or BELUM_TERVERIFIKASI claim', () => {
    for (const [text, claimId, verdict] of [
      [
        'Pendaftaran SMA negeri tahun ajaran 2024/2025 daring mulai 10 Juni di website resmi Dinas Pendidikan, betul min?',
        'c13',
        'FAKTA',
      ],
      [
        'Ada harimau sumatera keliaran di kebun sawit Desa Sungai Lilin, udah makan 2 kambing warga',
        'c16',
        'BELUM_TERVERIFIKASI',
      ],
    ] as const) {
      const plain = classifyText(text);
      const r = classifyMessage(text, { claims });
      expect(r.claimId).toBe(claimId);
      expect(r.category).toBe(plain.category);
      expect(r.secondary).toBe(plain.secondary);
      expect(r.confidence).toBe(plain.confidence);
      expect(r.reasons.slice(0, -1)).toEqual(plain.reasons);
      expect(r.reasons.at(-1)).toMatch(
        new RegExp(`^klaim terdaftar: "${claimId}" \\(kemiripan [01]\\.\\d\\d, ${verdict}\\)$`),
      );
    }
  });

  it('files every debunked-claim variant as MISINFORMATION', () => {
    const debunked = new Set(
      REGISTRY.filter((c) => ['HOAKS', 'DISINFORMASI', 'MISINFORMASI'].includes(c.verdict)).map((c) => c.id),
    );
    const variants = VARIANTS.filter((v) => debunked.has(v.claimId));
    const flagged = variants.filter((v) => classifyMessage(v.text, { claims }).category === 'MISINFORMATION');
    const byRules = variants.filter((v) => classifyText(v.text).category === 'MISINFORMATION');
    console.log(
      `debunked-claim variants filed as MISINFORMATION: ${flagged.length}/${variants.length} with the registry, ${byRules.length} by the rules alone`,
    );
    expect(flagged.length / variants.length).toBeGreaterThanOrEqual(0.9);
  });

  it('without a registry returns classifyText’s result and claimId null', () => {
    for (const { text } of DEMO_CORPUS) {
      const r = classifyMessage(text);
      const { claimId, ...rest } = r;
      expect(claimId).toBeNull();
      expect(rest).toEqual(classifyText(text));
    }
  });

  it('does not lower accuracy on the demo corpus', () => {
    const plain = evaluate(DEMO_CORPUS);
    const withClaims = evaluate(DEMO_CORPUS, (text) => classifyMessage(text, { claims }));
    expect(withClaims.accuracy).toBeGreaterThanOrEqual(plain.accuracy);
  });
});

describe('edge inputs', () => {
  const inputs: [string, string][] = [
    ['empty', ''],
    ['whitespace', ' \t\n\r  \u00a0\u3000 '],
    [
      '50,000 characters',
      'Jalan rusak parah min, udh 3 bulan gak diperbaiki. '.repeat(1000).slice(0, 50_000),
    ],
    ['50,000 characters without spaces', 'a'.repeat(50_000)],
    ['50,000 emoji', '😡'.repeat(25_000)],
    ['English', 'Hello, is the tax office open on Saturday? I need to renew my vehicle registration.'],
    ['Javanese', 'Nyuwun pirsa, kantor Samsat bukak jam pinten nggih? Matur suwun'],
    ['Sundanese', 'Punten, dupi jadwal vaksin di puskesmas iraha?'],
    ['Chinese', '请问政府办公室几点开门？'],
    ['Arabic', 'السلام عليكم ورحمة الله'],
    ['control characters', '\u0000\u0001\u001f\u007f\ufffd\ud800'],
    ['only a link', 'https://example.com/a?b=c'],
    ['a claim inside 50,000 characters', `${REGISTRY[1]!.text} ${'x '.repeat(25_000)}`],
  ];

  it.each(inputs)('%s classifies without error, with and without claims', (_, text) => {
    for (const r of [classifyMessage(text), classifyMessage(text, { claims })]) wellFormed(r);
    expect(() => classifyText(text)).not.toThrow();
  });

  it('scores only the first MAX_SCORED_CHARS characters of a very long message, and says so', () => {
    const text = `${'Selamat pagi semuanya. '.repeat(MAX_SCORED_CHARS / 10)} Jalan rusak parah, berlubang, gak diperbaiki`;
    const r = classifyMessage(text);
    expect(r.reasons.at(-1)).toBe(`pesan panjang: hanya ${MAX_SCORED_CHARS} karakter pertama dinilai`);
    // The complaint comes after the cap: it is not scored.
    expect(r.category).not.toBe('COMPLAINT');
    expect(r.reasons.join(' ')).not.toMatch(/rusak|berlubang/);
    const t0 = performance.now();
    classifyMessage('kata '.repeat(10_000), { claims });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('gives reasons for every non-OTHER result', () => {
    const texts = [
      ...DEMO_CORPUS.map((m) => m.text),
      ...VARIANTS.map((v) => v.text),
      ...inputs.map(([, t]) => t),
    ];
    for (const text of texts) {
      for (const r of [classifyMessage(text), classifyMessage(text, { claims })]) {
        if (r.category !== 'OTHER') expect(r.reasons.length, text).toBeGreaterThan(0);
      }
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const r = classifyMessage(text, { claims });
        wellFormed(r);
      }),
      { numRuns: 300 },
    );
  });
});

/** The first classifier's matcher: one regular expression per phrase (the reference semantics). */
function referenceMatcher(cues: readonly Cue[]) {
  const tokenRegex = (token: string) =>
    token === '#'
      ? '\\d+\\p{L}*'
      : token
          .split('|')
          .map((alt) => {
            const start = alt.startsWith('*') ? '\\p{L}*' : '';
            const end = alt.endsWith('*') ? '[\\p{L}\\p{N}]*' : '';
            const core = alt.replace(/^\*|\*$/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            return `${start}${core}${end}`;
          })
          .join('|');
  const compiled = cues.map((cue) => ({
    weight: cue.weight,
    regexes: cue.phrases.map((phrase) => {
      const body = phrase
        .trim()
        .split(/\s+/)
        .map((token) => `(?:${tokenRegex(token)})`)
        .join(' ');
      return new RegExp(`(?<=^| )${body}(?= |$)`, 'u');
    }),
  }));
  return (text: string) => {
    const found: { cue: number; matched: string; weight: number }[] = [];
    compiled.forEach((cue, i) => {
      for (const regex of cue.regexes) {
        const m = regex.exec(text);
        if (m) {
          found.push({ cue: i, matched: m[0], weight: cue.weight });
          break;
        }
      }
    });
    return found;
  };
}

describe('compiled cue matcher', () => {
  const cueLists = [...CATEGORIES.map((c) => LEXICON[c]), QUESTION_WORDS];
  // Words the lexicon uses, with wildcards filled in various ways, plus awkward tokens.
  const words = [
    ...new Set(
      cueLists.flatMap((cues) =>
        cues.flatMap((cue) =>
          cue.phrases.flatMap((phrase) =>
            phrase
              .split(/\s+/)
              .flatMap((token) =>
                token
                  .split('|')
                  .flatMap((alt) => ['', 'nya', 'ke', '2', 'x9'].map((fill) => alt.replace(/\*/g, fill))),
              ),
          ),
        ),
      ),
    ),
    '?',
    '3',
    '12x',
    '١٢',
    'é',
    '',
    'kapan',
    'apa',
    'anak2',
  ];
  const text = fc
    .array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 4 })), { maxLength: 16 })
    .map((tokens) => tokens.join(' '));

  it.each(cueLists.map((cues, i) => [i, cues] as const))(
    'matches exactly what the per-phrase regexes matched (list %i)',
    (_, cues) => {
      const fast = compileCues(cues);
      const reference = referenceMatcher(cues);
      fc.assert(
        fc.property(text, (raw) => {
          expect(fast.match(raw)).toEqual(reference(raw));
          const normalised = normaliseText(raw);
          expect(fast.match(normalised)).toEqual(reference(normalised));
        }),
        { numRuns: 1000 },
      );
      for (const { text: message } of DEMO_CORPUS) {
        const normalised = normaliseText(message);
        expect(fast.match(normalised)).toEqual(reference(normalised));
      }
    },
  );
});
