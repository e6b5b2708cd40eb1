import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimIndex } from '../../worker/classify/claims/index.ts';
import {
  loadArtefactFile,
  modelFromJson,
  parseArtefact,
  saveArtefact,
} from '../../worker/classify/model/artefact.ts';
import { augment } from '../../worker/classify/model/augment.ts';
import type { TrainingExample } from '../../worker/classify/model/examples.ts';
import { parseExamples } from '../../worker/classify/model/examples.ts';
import { probabilities } from '../../worker/classify/model/predict.ts';
import { SHIPPED_ARTEFACT, shippedModel, useModel } from '../../worker/classify/model/shipped.ts';
import { trainModel } from '../../worker/classify/model/train.ts';
import { trainInThread } from '../../worker/classify/model/train-in-thread.ts';
import {
  analyseText,
  CATEGORIES,
  type Category,
  classifyMessage,
  MODEL_VERSION,
} from '../../worker/classify/rules.ts';
import { REGISTRY } from './fixtures/claims.ts';

/** A small hand-written training set (not from any shared data set): a few messages per class. */
const SMALL: TrainingExample[] = [
  ...[
    'syarat bikin paspor baru apa saja ya min',
    'mau tanya jadwal pelayanan samsat keliling minggu ini',
    'cara daftar beasiswa provinsi gimana kak?',
    'alamat kantor dukcapil kabupaten dimana ya',
    'berapa biaya balik nama motor bekas?',
    'mohon info link pendaftaran pelatihan kerja gratis',
    'kapan pengumuman hasil seleksi pppk guru?',
    'apakah perpanjang sim bisa online?',
  ].map((text) => ({ text, label: 'INFO_REQUEST' as const })),
  ...[
    'jalan di desa kami rusak parah dan berlubang sudah setahun',
    'petugas loket judes sekali, saya dibentak',
    'bansos saya belum cair padahal sudah terdaftar',
    'lampu jalan mati semua, gelap dan rawan begal',
    'antrean rumah sakit lama banget dari subuh belum dipanggil',
    'aplikasi error terus tidak bisa login dari kemarin',
    'sampah menumpuk seminggu tidak diangkut, bau sekali',
    'ada pungli di kantor desa waktu urus surat',
  ].map((text) => ({ text, label: 'COMPLAINT' as const })),
  ...[
    'sebarkan! besok semua sekolah diliburkan kata grup sebelah',
    'benarkah ada bantuan 2 juta lewat link ini? beredar di wa',
    'viral katanya minum air rebusan daun bisa menyembuhkan kanker',
    'awas penipuan mengatasnamakan dinas, minta transfer biaya pendaftaran',
    'pesan berantai: vaksin bikin mandul, teruskan ke keluarga',
    'hoaks ga sih min soal jembatan ambruk yang beredar di tiktok',
    'info dari orang dalam, gaji pns dipotong mulai bulan depan, share',
    'selamat anda terpilih dapat hadiah, klaim di link ini',
  ].map((text) => ({ text, label: 'MISINFORMATION' as const })),
  ...[
    'terima kasih min atas infonya',
    'selamat pagi semua, semangat',
    'mantap pelayanannya sekarang cepat',
    'wkwk lucu banget videonya',
    'selamat hari jadi kota tercinta',
    'nyimak dulu',
    'semoga sehat selalu bapak ibu',
    'promo diskon besar, order sekarang juga',
  ].map((text) => ({ text, label: 'OTHER' as const })),
];

const PROBES = [
  'syaratnya apa saja min?',
  'jalan rusak parah',
  'sebarkan info ini',
  'terima kasih',
  '',
  'The office is closed today',
  'kak kapan bansos cair? udah 3 bulan belum dapat',
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tanggap-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('training and the artefact', () => {
  const now = new Date('2026-11-29T12:00:00Z');

  it('predicts the same after save and load as right after training', async () => {
    const { artefact, model } = trainModel(SMALL, { holdOut: 0, epochs: 20, now });
    const file = join(dir, 'model.json');
    await saveArtefact(file, artefact);
    const loaded = loadArtefactFile(file);
    expect(loaded.version).toBe(artefact.version);
    expect(loaded.version).toMatch(/^lr-2026\.11\.29-[0-9a-f]{8}$/);
    for (const text of [...PROBES, ...SMALL.map((e) => e.text)]) {
      expect(classifyMessage(text, { model: loaded }), text).toEqual(classifyMessage(text, { model }));
    }
    // The model learnt its training set (it would not if features or the learner were broken).
    const right = SMALL.filter((e) => classifyMessage(e.text, { model }).category === e.label);
    expect(right.length).toBeGreaterThanOrEqual(SMALL.length - 2);
  });

  it('trains in a worker thread to the same artefact, while the main thread keeps running', async () => {
    const options = { holdOut: 0.25, epochs: 10, batchSize: 8, seed: 3, now };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const threaded = await trainInThread(SMALL, options);
    clearInterval(timer);
    const direct = trainModel(SMALL, options);
    expect(threaded.artefact).toEqual(direct.artefact);
    expect(threaded.metrics).toEqual(direct.heldOut?.metrics);
    expect(ticks).toBeGreaterThan(0);
  });

  it('is deterministic: same examples and seed, same artefact; another seed, other weights', () => {
    const a = trainModel(SMALL, { holdOut: 0.25, epochs: 10, batchSize: 8, seed: 3, now }).artefact;
    const b = trainModel(SMALL, { holdOut: 0.25, epochs: 10, batchSize: 8, seed: 3, now }).artefact;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = trainModel(SMALL, { holdOut: 0.25, epochs: 10, batchSize: 8, seed: 4, now }).artefact;
    expect(c.weights).not.toEqual(a.weights);
  });

  it('reports held-out metrics from a stratified split', () => {
    const { heldOut, artefact } = trainModel(SMALL, { holdOut: 0.25, epochs: 20, now });
    expect(heldOut).not.toBeNull();
    // 25% of each class of 8 examples = 2 per class.
    const labels = heldOut!.examples.map((e) => e.label);
    for (const c of CATEGORIES) expect(labels.filter((l) => l === c)).toHaveLength(2);
    expect(artefact.metrics.heldOut).toBe(8);
    expect(artefact.metrics.examples).toBe(SMALL.length);
    expect(artefact.calibration.temperature).toBeGreaterThan(0);
  });

  it('keeps at most maxRows weight rows', () => {
    const { artefact } = trainModel(SMALL, { holdOut: 0, epochs: 5, maxRows: 100, now });
    expect(artefact.buckets).toHaveLength(100);
    expect(artefact.weights).toHaveLength(100 * artefact.labels.length);
  });

  it('is used by classifyMessage when set at run time (a retrained model), the rules when set to null', () => {
    const { model } = trainModel(SMALL, { holdOut: 0, epochs: 20, now });
    try {
      useModel(model);
      expect(classifyMessage('syaratnya apa saja min?').modelVersion).toBe(model.version);
      useModel(null);
      const r = classifyMessage('syaratnya apa saja min?');
      expect(r.modelVersion).toBe(MODEL_VERSION);
      expect(r.reasons).toContain('kata kunci: "syaratnya"');
    } finally {
      useModel(undefined);
    }
    // Back to the shipped artefact, loaded once and kept.
    expect(shippedModel()).toBe(shippedModel());
  });

  it('complement naive Bayes also trains and predicts', () => {
    const { model } = trainModel(SMALL, { holdOut: 0, algorithm: 'complement-naive-bayes', now });
    expect(model.version).toMatch(/^cnb-/);
    const right = SMALL.filter((e) => classifyMessage(e.text, { model }).category === e.label);
    expect(right.length).toBeGreaterThanOrEqual(SMALL.length - 4);
  });

  it('augments the training part with unpunctuated, courteous and bare-claim variants, deterministically', () => {
    const examples: TrainingExample[] = [
      { text: 'Syarat bikin KTP apa saja?', label: 'INFO_REQUEST' },
      {
        text: 'Min, apakah benar "semua KTP lama tidak berlaku mulai bulan depan"?',
        label: 'MISINFORMATION',
      },
      {
        text: 'heboh di grup katanya gaji honorer dipotong setengah mulai tahun depan, bener?',
        label: 'MISINFORMATION',
      },
    ];
    const variants = augment(examples, 1);
    expect(augment(examples, 1)).toEqual(variants);
    const texts = variants.map((v) => v.example.text);
    expect(texts).toContain('semua KTP lama tidak berlaku mulai bulan depan');
    expect(texts).toContain('gaji honorer dipotong setengah mulai tahun depan');
    expect(
      variants.filter((v) => v.kind === 'bare-claim').every((v) => v.example.label === 'MISINFORMATION'),
    ).toBe(true);
    // Over many copies, some get the lower-case unpunctuated form and some a greeting and thanks.
    const many = augment(
      Array.from({ length: 20 }, () => examples[0]!),
      2,
    ).map((v) => v.example.text);
    expect(many).toContain('syarat bikin ktp apa saja');
    expect(
      many.some((t) => t.includes('Syarat bikin KTP apa saja?') && t !== 'Syarat bikin KTP apa saja?'),
    ).toBe(true);
  });

  it('refuses a malformed artefact or example line, naming where', () => {
    expect(() => parseArtefact({ format: 'tanggap-classifier/1', version: 'x' }, 'bad.json')).toThrow(
      /^bad\.json: /,
    );
    expect(() => modelFromJson('{"format":', 'ClassifierModel lr-x')).toThrow(
      /^ClassifierModel lr-x: not JSON/,
    );
    expect(() => parseExamples('{"text":"a","label":"INFO"}\n', 'x.jsonl')).toThrow(/^x\.jsonl:1: label/);
    expect(parseExamples('{"text":"a","label":"complaint","secondary":"info_request"}\n\n', 'x')).toEqual([
      { text: 'a', label: 'COMPLAINT', secondary: 'INFO_REQUEST' },
    ]);
  });
});

const shipped = shippedModel();

describe.skipIf(!shipped)('the shipped model', () => {
  const model = shipped!;
  const cases: [string, Category][] = [
    ['Permisi kak, persyaratan untuk mengurus akta kelahiran anak apa saja ya?', 'INFO_REQUEST'],
    ['Loket pembayaran PBB di kantor kecamatan buka sampai jam berapa?', 'INFO_REQUEST'],
    ['Bagaimana cara mengajukan keberatan atas tagihan PDAM yang salah hitung?', 'INFO_REQUEST'],
    ['Min mau nanya, pendaftaran kartu prakerja gelombang baru dibuka kapan?', 'INFO_REQUEST'],
    ['Jembatan penghubung dua desa kami ambrol sejak banjir, anak sekolah harus memutar 5 km', 'COMPLAINT'],
    ['Sudah dua minggu air PDAM mati total, tagihan tetap jalan. Kecewa berat', 'COMPLAINT'],
    ['Petugas puskesmas cuek, pasien dibiarkan menunggu berjam-jam tanpa kejelasan', 'COMPLAINT'],
    ['Lampu lalu lintas di perempatan pasar rusak sejak minggu lalu, macet parah tiap pagi', 'COMPLAINT'],
    ['SEBARKAN! Mulai besok KTP lama tidak berlaku, wajib ganti sebelum akhir bulan', 'MISINFORMATION'],
    [
      'Min benarkah ada pembagian sembako gratis dari gubernur lewat formulir online yang beredar?',
      'MISINFORMATION',
    ],
    ['Awas, ada akun palsu mengatasnamakan bupati minta transfer untuk bantuan', 'MISINFORMATION'],
    ['Katanya air sumur di kampung kami tercemar limbah radioaktif, viral di grup WA', 'MISINFORMATION'],
    ['Terima kasih banyak atas respon cepatnya, sangat membantu', 'OTHER'],
    ['Selamat ulang tahun kabupaten, makin maju dan sejahtera', 'OTHER'],
    ['hahaha mantap adminnya lucu', 'OTHER'],
    ['Selamat siang, salam kenal dari warga Bantul', 'OTHER'],
  ];

  it.each(cases)('%s → %s', (text, expected) => {
    const r = classifyMessage(text);
    expect(r.category).toBe(expected);
    expect(r.modelVersion).toBe(model.version);
  });

  it('gives readable reasons for every non-OTHER result: the terms that pushed it, and the rule cues', () => {
    for (const [text] of cases) {
      const r = classifyMessage(text);
      if (r.category === 'OTHER') continue;
      expect(r.reasons.length, text).toBeGreaterThan(0);
    }
    const r = classifyMessage('Syaratnya apa aja min buat bikin KIA?');
    expect(r.category).toBe('INFO_REQUEST');
    expect(r.reasons[0]).toMatch(/^(kata|frasa): "[^"]+" \(\+\d+\.\d\d\)$/);
    expect(r.reasons).toContain('kata kunci: "syaratnya"');
  });

  it('gives a calibrated confidence (top probability) and a secondary only when the second class is strong', () => {
    const clear = classifyMessage('Terima kasih banyak min');
    expect(clear.secondary).toBeNull();
    const mixedText =
      'Jalan di desa kami rusak parah sudah 3 bulan, kecewa. Bagaimana cara lapor resmi ke PUPR dan syaratnya apa?';
    const mixed = classifyMessage(mixedText);
    expect(new Set([mixed.category, mixed.secondary])).toEqual(new Set(['COMPLAINT', 'INFO_REQUEST']));
    // The confidence is the probability of the category filed (the likeliest here), never shown as certain.
    const probs = probabilities(model, analyseText(mixedText).evidence);
    expect(mixed.confidence).toBe(Math.min(0.99, Math.round(Math.max(...probs) * 100) / 100));
  });

  it('still forces MISINFORMATION on a debunked-claim match', () => {
    const claims = new ClaimIndex(REGISTRY);
    const text =
      'BPJS Kesehatan mau dibubarkan tahun depan, pesertanya dipindah ke asuransi swasta yang iurannya 2x lipat';
    const r = classifyMessage(text, { claims });
    expect(r).toMatchObject({ category: 'MISINFORMATION', claimId: 'c15', modelVersion: model.version });
    expect(r.reasons[0]).toMatch(/^klaim terdaftar: "c15"/);
  });

  it('classifies edge inputs without error', () => {
    const inputs = [
      '',
      '   \n\t ',
      'Jalan rusak parah, udah 3 bulan. '.repeat(2000).slice(0, 50_000),
      'x'.repeat(50_000),
      'Hello, is the tax office open on Saturday?',
      '请问政府办公室几点开门？',
      '🙏🙏',
    ];
    for (const text of inputs) {
      const r = classifyMessage(text);
      expect(CATEGORIES).toContain(r.category);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(r.reasons.length).toBeGreaterThan(0);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const r = classifyMessage(text);
        expect(r.secondary).not.toBe(r.category);
        expect(r.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('ships an artefact under 3 MB whose version is its content', async () => {
    const raw = await readFile(SHIPPED_ARTEFACT, 'utf8');
    expect(raw.length).toBeLessThan(3 * 1024 * 1024);
    const artefact = parseArtefact(JSON.parse(raw), SHIPPED_ARTEFACT);
    expect(artefact.version).toMatch(/^(lr|cnb)-\d{4}\.\d\d\.\d\d-[0-9a-f]{8}$/);
    expect(artefact.metrics.macroF1).toBeGreaterThan(0.8);
  });
});
