import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../../worker/classify/claims/csv.ts';
import { ClaimIndex, type ClaimRecord } from '../../worker/classify/claims/index.ts';
import {
  ClaimLoadError,
  claimsFromCsv,
  claimsFromJson,
  claimsFromJsonLines,
  parseVerdict,
} from '../../worker/classify/claims/load.ts';
import { DEMO_CORPUS } from '../fakes/demo-corpus.ts';
import { REGISTRY, UNRELATED, VARIANTS, type VariantKind } from './fixtures/claims.ts';
import { type PerturbationKind, perturb, rng, syntheticClaims } from './fixtures/synthetic-claims.ts';

/** Unrelated messages: the hand-written ones and the demo corpus minus its misinformation. */
const NEGATIVES = [
  ...UNRELATED,
  ...DEMO_CORPUS.filter((m) => m.expected !== 'MISINFORMATION').map((m) => m.text),
];

interface Probe {
  text: string;
  /** The claim it repeats, or null for an unrelated message. */
  claimId: string | null;
  kind: string;
}

/** Recall (variants matched to their own claim) and precision (matches that are right) of `index`. */
function score(index: ClaimIndex, probes: readonly Probe[]) {
  let truePositives = 0;
  let falsePositives = 0;
  let positives = 0;
  const misses: string[] = [];
  const byKind: Record<string, { found: number; total: number }> = {};
  for (const probe of probes) {
    const match = index.match(probe.text);
    if (probe.claimId) {
      positives++;
      byKind[probe.kind] ??= { found: 0, total: 0 };
      const kind = byKind[probe.kind]!;
      kind.total++;
      if (match?.claimId === probe.claimId) {
        truePositives++;
        kind.found++;
      } else {
        if (match) falsePositives++;
        misses.push(`${probe.claimId}/${probe.kind} → ${match?.claimId ?? 'none'}: ${probe.text}`);
      }
    } else if (match) {
      falsePositives++;
      misses.push(`unrelated → ${match.claimId} (${match.similarity}): ${probe.text}`);
    }
  }
  return {
    recall: truePositives / positives,
    precision: truePositives / (truePositives + falsePositives),
    byKind,
    misses,
  };
}

const handWritten: Probe[] = [
  ...VARIANTS.map((v) => ({ text: v.text, claimId: v.claimId, kind: v.kind })),
  ...NEGATIVES.map((text) => ({ text, claimId: null, kind: 'unrelated' })),
];

const PERTURBATIONS: PerturbationKind[] = ['typo', 'slang', 'partial', 'wrapped', 'dropped'];

/** Five perturbed variants of every claim for every perturbation kind (seeded). */
function perturbed(claims: readonly ClaimRecord[], seed: number): Probe[] {
  const random = rng(seed);
  return claims.flatMap((claim) =>
    PERTURBATIONS.flatMap((kind) =>
      Array.from({ length: 5 }, () => ({ text: perturb(claim.text, kind, random), claimId: claim.id, kind })),
    ),
  );
}

const format = (s: ReturnType<typeof score>) =>
  `recall ${s.recall.toFixed(3)}, precision ${s.precision.toFixed(3)}; ${Object.entries(s.byKind)
    .map(([kind, { found, total }]) => `${kind} ${found}/${total}`)
    .join(', ')}`;

describe('known-claim matching', () => {
  const index = new ClaimIndex(REGISTRY);

  it('has a hand-written test set of 20 claims with paraphrased, typo, partial and wrapped variants', () => {
    expect(REGISTRY).toHaveLength(20);
    const kinds = new Set<VariantKind>(VARIANTS.map((v) => v.kind));
    expect(kinds).toEqual(new Set(['paraphrase', 'typo', 'partial', 'wrapped']));
    for (const claim of REGISTRY) expect(VARIANTS.filter((v) => v.claimId === claim.id).length).toBe(5);
    expect(NEGATIVES.length).toBeGreaterThan(200);
  });

  it('catches hand-written variants with recall ≥ 0.9 at precision ≥ 0.95', () => {
    const s = score(index, handWritten);
    console.log(
      `hand-written variants, ${NEGATIVES.length} unrelated messages: ${format(s)}\n${s.misses.join('\n')}`,
    );
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    // Paraphrases are the hardest kind; they must hold up on their own too.
    expect(s.byKind.paraphrase!.found / s.byKind.paraphrase!.total).toBeGreaterThanOrEqual(0.9);
  });

  it('catches perturbation-generated variants with recall ≥ 0.9 at precision ≥ 0.95', () => {
    const probes = [
      ...perturbed(REGISTRY, 1),
      ...NEGATIVES.map((text) => ({ text, claimId: null, kind: 'x' })),
    ];
    const s = score(index, probes);
    console.log(`perturbed variants: ${format(s)}`);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('still finds the right claim among 5,000 other (synthetic) claims', () => {
    const large = new ClaimIndex([...REGISTRY, ...syntheticClaims(5000)]);
    const probes = [...handWritten, ...perturbed(REGISTRY, 2)];
    const s = score(large, probes);
    console.log(`in a registry of ${large.size}: ${format(s)}\n${s.misses.join('\n')}`);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('reports the claim, its verdict, the similarity and the registered text', () => {
    const m = index.match(
      'Katanya mulai bulan depan beli gas elpiji 3 kg wajib pakai kartu keluarga, max 2 tabung sebulan',
    );
    expect(m).toMatchObject({ claimId: 'c09', verdict: 'HOAKS', matchedText: REGISTRY[8]!.text, url: null });
    expect(m!.similarity).toBeGreaterThanOrEqual(0.5);
    expect(m!.similarity).toBeLessThanOrEqual(1);
    expect(index.match(REGISTRY[0]!.text)).toMatchObject({
      claimId: 'c01',
      similarity: 1,
      url: 'https://example.go.id/klarifikasi/c01',
    });
  });

  it('does not match empty, very short or unrelated text', () => {
    for (const text of [
      '',
      '   ',
      '?',
      'vaksin',
      'gas elpiji',
      'BPJS',
      'hoaks',
      'Selamat pagi min 🙏',
      '👍👍',
    ]) {
      expect(index.match(text), text).toBeNull();
    }
    expect(new ClaimIndex([]).match(REGISTRY[0]!.text)).toBeNull();
  });

  it('handles long and non-Indonesian input', () => {
    const long = `${REGISTRY[3]!.text} ${'lorem ipsum dolor sit amet '.repeat(2000)}`;
    expect(index.match(long)?.claimId).toBe('c04');
    for (const text of [
      'The weather is nice today',
      '今日は良い天気です',
      'Mangan sego pecel karo tempe',
      'x'.repeat(50_000),
    ]) {
      expect(index.match(text)).toBeNull();
    }
  });

  it('rejects duplicate claim ids', () => {
    expect(() => new ClaimIndex([REGISTRY[0]!, { ...REGISTRY[1]!, id: 'c01' }])).toThrow(
      /duplicate claim id "c01"/,
    );
  });
});

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, line breaks and doubled quotes', () => {
    const csv = 'id,text\r\n1,"a, b"\r\n2,"line one\r\nline two ""quoted"""\r\n3,plain\r\n';
    expect(parseCsv(csv)).toEqual([
      { fields: ['id', 'text'], line: 1 },
      { fields: ['1', 'a, b'], line: 2 },
      { fields: ['2', 'line one\r\nline two "quoted"'], line: 3 },
      { fields: ['3', 'plain'], line: 5 },
    ]);
  });

  it('accepts LF, a BOM, empty fields, blank lines and no final line break', () => {
    expect(parseCsv('\ufeffa,b,c\n\n1,,""\nx,y,').map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '', ''],
      ['x', 'y', ''],
    ]);
    expect(parseCsv('')).toEqual([]);
  });

  it('rejects malformed quoting with the line number', () => {
    expect(() => parseCsv('a\n"open\nfield')).toThrow(new CsvError('quoted field is not closed', 2));
    expect(() => parseCsv('a\nb"c')).toThrow(/line 2: quote inside an unquoted field/);
    expect(() => parseCsv('a\n"b"c')).toThrow(/line 2: unexpected text after a closing quote/);
  });
});

describe('claim loaders', () => {
  it('reads a CSV registry: columns in any order, url optional, verdicts in any case', () => {
    const csv = [
      'verdict,id,text,url',
      'hoaks,k1,"Vaksin mengandung microchip, katanya",https://example.go.id/k1',
      'Belum terverifikasi,k2,"Harimau terlihat di kebun sawit\nDesa Sungai Lilin",',
    ].join('\n');
    expect(claimsFromCsv(csv)).toEqual([
      {
        id: 'k1',
        text: 'Vaksin mengandung microchip, katanya',
        verdict: 'HOAKS',
        url: 'https://example.go.id/k1',
      },
      {
        id: 'k2',
        text: 'Harimau terlihat di kebun sawit\nDesa Sungai Lilin',
        verdict: 'BELUM_TERVERIFIKASI',
        url: null,
      },
    ]);
    expect(claimsFromCsv('id,text,verdict\nk1,teks,FAKTA\n')).toEqual([
      { id: 'k1', text: 'teks', verdict: 'FAKTA', url: null },
    ]);
  });

  it('names the line and field of a bad CSV row', () => {
    expect(() => claimsFromCsv('id,text\nk1,teks')).toThrow(/missing column "verdict"/);
    expect(() => claimsFromCsv('id,text,verdict\nk1,teks,HOAKS\nk2,teks,bohong')).toThrow(
      /line 3: field "verdict" is "bohong"/,
    );
    expect(() => claimsFromCsv('id,text,verdict\n,teks,HOAKS')).toThrow(/line 2: field "id"/);
    expect(() => claimsFromCsv('id,text,verdict\nk1,,HOAKS')).toThrow(/line 2: field "text"/);
    expect(() => claimsFromCsv('id,text,verdict\nk1,a,HOAKS\nk1,b,FAKTA')).toThrow(
      /line 3: duplicate claim id "k1" \(first at line 2\)/,
    );
    expect(() => claimsFromCsv('id,text,verdict\nk1,"a,HOAKS')).toThrow(ClaimLoadError);
  });

  it('reads JSON and JSON lines registries', () => {
    const claims = [{ id: 'k1', text: 'teks satu', verdict: 'hoaks', url: 'https://example.go.id' }];
    const expected = [{ id: 'k1', text: 'teks satu', verdict: 'HOAKS', url: 'https://example.go.id' }];
    expect(claimsFromJson(JSON.stringify(claims))).toEqual(expected);
    expect(claimsFromJson(JSON.stringify({ claims }))).toEqual(expected);
    expect(claimsFromJsonLines(`${JSON.stringify(claims[0])}\n\n`)).toEqual(expected);
    expect(() => claimsFromJson('{"claims": 3}')).toThrow(/array of claims/);
    expect(() => claimsFromJson('[{"id": "k1", "text": "t", "verdict": "x"}]')).toThrow(
      /claims\[0\]: field "verdict"/,
    );
    expect(() => claimsFromJsonLines('{"id": "k1", "text": "t", "verdict": "HOAKS"}\nnope')).toThrow(
      /line 2: invalid JSON/,
    );
  });

  it('parses verdicts and their common aliases', () => {
    expect(parseVerdict(' disinformasi ')).toBe('DISINFORMASI');
    expect(parseVerdict('belum-terverifikasi')).toBe('BELUM_TERVERIFIKASI');
    expect(parseVerdict('HOAX')).toBe('HOAKS');
    expect(parseVerdict('mungkin')).toBeNull();
  });
});
