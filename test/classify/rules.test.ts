import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation } from '../../worker/classify/evaluate.ts';
import { shippedModel } from '../../worker/classify/model/shipped.ts';
import { normaliseText } from '../../worker/classify/normalise.ts';
import { type Category, classifyText, MODEL_VERSION } from '../../worker/classify/rules.ts';
import { DEMO_CORPUS, DEMO_CORPUS_VERSION } from '../fakes/demo-corpus.ts';

describe('normaliseText', () => {
  it('maps slang and abbreviations to standard words', () => {
    expect(normaliseText('gmn caranya min, sy blm dpt')).toBe('bagaimana caranya admin saya belum dapat');
    expect(normaliseText('udh dtg tp gak ada yg layani')).toBe('sudah dtg tapi tidak ada yang layani');
    expect(normaliseText('Makasih kak')).toBe('terima kasih kak');
    expect(normaliseText('kpn dibuka? brp biayanya?')).toBe('kapan dibuka ? berapa biayanya ?');
  });

  it('collapses letters repeated three or more times, and only those', () => {
    expect(normaliseText('tolonggg bangettt')).toBe('tolong banget');
    expect(normaliseText('gaaak jelasss')).toBe('tidak jelas');
    expect(normaliseText('wkwkwk hmm aamiin')).toBe('wkwkwk hmm aamiin');
    expect(normaliseText('Rp 1000000')).toBe('rp 1000000');
  });

  it('applies NFKC and lower case', () => {
    expect(normaliseText('ＫＴＰ ＨＩＬＡＮＧ')).toBe('ktp hilang');
    expect(normaliseText('ﬁle ① ²')).toBe('file 1 2');
    expect(normaliseText('JADWAL Samsat')).toBe('jadwal samsat');
  });

  it('strips punctuation and emoji but keeps "?" as its own token', () => {
    expect(normaliseText('Kapan?? dibuka!!! 🙏😭')).toBe('kapan ? dibuka');
    expect(normaliseText('e-KTP, KK & akta.')).toBe('e ktp kk akta');
    expect(normaliseText('   ')).toBe('');
  });

  it('expands informal reduplication ("anak2")', () => {
    expect(normaliseText('anak2 hati2 di jalan')).toBe('anak anak hati hati di jalan');
    expect(normaliseText('tahun 2022 ke 2')).toBe('tahun 2022 ke 2');
  });
});

describe('classifyText', () => {
  const cases: [string, Category][] = [
    ['Min, syarat perpanjang STNK 5 tahunan apa aja ya?', 'INFO_REQUEST'],
    ['Kapan jadwal tes CPNS pemprov diumumkan?', 'INFO_REQUEST'],
    ['mohon infonya alamat kantor Disnaker provinsi yg baru', 'INFO_REQUEST'],
    ['Sy mau minta salinan dokumen realisasi APBD 2024, caranya gmn?', 'INFO_REQUEST'],
    ['Jam pelayanan puskesmas hari jumat sampai jam brp kak', 'INFO_REQUEST'],
    ['Jalan depan rumah sy rusak parah bgt, udh 6 bulan gak diperbaiki', 'COMPLAINT'],
    ['petugasnya jutek bgt, antrean panjang tp yg buka cuma 1 loket 😡', 'COMPLAINT'],
    ['BLT sy blm cair padahal nama udh terdaftar dari bulan lalu', 'COMPLAINT'],
    ['Ada pungli di kantor kecamatan pas ngurus surat pindah, diminta 100rb', 'COMPLAINT'],
    ['Sampah numpuk seminggu gak diangkut, dinas kebersihan kemana?', 'COMPLAINT'],
    [
      'Benarkah ada pembagian kuota internet gratis dari gubernur? linknya beredar di grup WA',
      'MISINFORMATION',
    ],
    ['Info dari grup sebelah: besok semua sekolah diliburkan. Sebarkan!!', 'MISINFORMATION'],
    ['hoaks gak sih min, katanya minum air garam bisa nyembuhin covid?', 'MISINFORMATION'],
    ['Selamat! Anda terpilih menerima bantuan Rp 3jt. Klaim di bit.ly/bantuan-xyz', 'MISINFORMATION'],
    ['Terima kasih banyak min, sangat membantu 🙏', 'OTHER'],
    ['Selamat pagi semuanya', 'OTHER'],
    ['👍👍', 'OTHER'],
    ['wkwkwk lucu bgt videonya', 'OTHER'],
    ['kapan-kapan mampir ke kantor gubernur ah', 'OTHER'],
  ];

  it.each(cases)('%s → %s', (text, expected) => {
    expect(classifyText(text).category).toBe(expected);
  });

  it('returns a well-formed result with reasons that name the matched cues', () => {
    const r = classifyText('Syaratnya apa aja min buat bikin KIA?');
    expect(r).toMatchObject({
      category: 'INFO_REQUEST',
      modelVersion: shippedModel()?.version ?? MODEL_VERSION,
    });
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(r.reasons).toContain('kata kunci: "syaratnya"');
    expect(r.reasons).toContain('pertanyaan: tanda tanya "?"');
  });

  it('lets strong misinformation cues win over the question form they come in', () => {
    const r = classifyText('Apakah benar pendaftaran bansos sekarang lewat link yang beredar? Mohon infonya');
    expect(r.category).toBe('MISINFORMATION');
    expect(r.secondary).toBe('INFO_REQUEST');
    expect(r.reasons.some((reason) => reason.includes('beredar'))).toBe(true);
  });

  it('reports a secondary category when a second one also scores', () => {
    const r = classifyText(
      'Jalan di desa kami rusak parah udh 3 bulan. Gmn cara lapor resmi ke PUPR dan syaratnya apa?',
    );
    expect(new Set([r.category, r.secondary])).toEqual(new Set(['COMPLAINT', 'INFO_REQUEST']));
    const plain = classifyText('Terima kasih min');
    expect(plain.secondary).toBeNull();
  });

  it('does not let a closing "terima kasih" turn a request into chatter', () => {
    expect(classifyText('Mohon info syarat legalisir ijazah di Disdik. Terima kasih').category).toBe(
      'INFO_REQUEST',
    );
  });

  it('files empty and emoji-only messages as OTHER', () => {
    expect(classifyText('')).toMatchObject({ category: 'OTHER', reasons: ['pesan kosong'] });
    expect(classifyText('🙏🙏🙏').reasons).toEqual(['hanya emoji atau simbol']);
  });

  it('is more confident with more evidence', () => {
    const weak = classifyText('jalan rusak');
    const strong = classifyText('Jalan rusak parah, berlubang, udh 2 tahun gak diperbaiki. Kecewa!');
    expect(weak.category).toBe('COMPLAINT');
    expect(strong.category).toBe('COMPLAINT');
    expect(strong.confidence).toBeGreaterThan(weak.confidence);
  });

  it('always returns a category and a confidence within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const r = classifyText(text);
        expect(['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER']).toContain(r.category);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        expect(r.secondary).not.toBe(r.category);
      }),
      { numRuns: 300 },
    );
  });
});

describe('demo corpus', () => {
  it('is large, varied and labelled with all four categories', () => {
    expect(DEMO_CORPUS_VERSION).toBeTruthy();
    expect(DEMO_CORPUS.length).toBeGreaterThanOrEqual(220);
    expect(new Set(DEMO_CORPUS.map((m) => m.text)).size).toBe(DEMO_CORPUS.length);
    const senders = new Set(DEMO_CORPUS.map((m) => m.from.id));
    expect(senders.size).toBeGreaterThanOrEqual(140);
    for (const label of ['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER'] as const) {
      expect(DEMO_CORPUS.filter((m) => m.expected === label).length).toBeGreaterThanOrEqual(40);
    }
  });

  it('is classified with an accuracy of at least 0.75', () => {
    const result = evaluate(DEMO_CORPUS);
    console.log(
      `${shippedModel()?.version ?? MODEL_VERSION} on demo corpus ${DEMO_CORPUS_VERSION}\n${formatEvaluation(result)}`,
    );
    expect(result.total).toBe(DEMO_CORPUS.length);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.75);
  });
});
