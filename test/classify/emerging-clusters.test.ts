import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterStats } from '../../core/claims/cluster-stats.ts';
import {
  type ClusterAssignment,
  createClusterIndex,
  type EmergingMessage,
  rebuildClusterIndex,
  restoreClusterIndex,
} from '../../worker/classify/emerging/cluster-index.ts';

// Hand-written, invented rumours: each list is one rumour as it spreads (copy, paraphrase, typos,
// partial quote, wrapped in commentary).
const RUMOURS: Record<string, string[]> = {
  blt: [
    'Pemerintah bagikan BLT Rp 600 ribu untuk semua warga, daftar lewat link bit.ly/blt-kemensos sebelum tanggal 30',
    'Ada BLT 600 ribu dari pemerintah buat semua warga, tinggal daftar di link bit.ly/blt-kemensos, batasnya tanggal 30',
    'Pemerintah bagiin BLT Rp 600rb utk semua wrga, daftar lwt link bit.ly/blt-kemensos sblm tgl 30!!!',
    'min bener ga daftar BLT 600 ribu lewat link bit.ly/blt-kemensos?',
    'Dapat dari grup WA: Pemerintah bagikan BLT Rp 600 ribu untuk semua warga, daftar lewat link bit.ly/blt-kemensos sebelum tanggal 30. Tolong dicek min',
  ],
  gempa: [
    'BMKG peringatkan gempa magnitudo 8,7 akan guncang Jawa Barat malam ini disusul tsunami, warga pesisir segera mengungsi',
    'Katanya BMKG bilang malam ini bakal ada gempa 8,7 di Jawa Barat terus tsunami, warga pesisir disuruh mengungsi',
    'BMKG peringatkn gempa magnitudo 8.7 akn guncang Jawa Barat mlm ini disusul tsunamii!! warga pesisir segera mengungsi',
    'gempa magnitudo 8,7 malam ini di Jawa Barat disusul tsunami beneran min?',
  ],
  vaksin: [
    'Vaksin booster mengandung microchip untuk melacak warga, sudah banyak yang lumpuh setelah disuntik',
    'Hati-hati, vaksin booster ada microchipnya buat melacak warga, banyak yg lumpuh habis disuntik',
    'vaksin boster isinya microchip pelacak warga, bnyk yang lumpuh setelah disuntik',
  ],
  pppk: [
    'Rekrutmen PPPK Dinas Kesehatan tanpa tes, cukup transfer biaya seragam 750 ribu ke rekening panitia',
    'Lowongan PPPK Dinas Kesehatan tanpa tes loh, syaratnya cuma transfer biaya seragam Rp750.000 ke rekening panitia',
    'rekrutmen pppk dinas kesehatan tnpa tes, transfer biaya seragam 750 rb ke rekening panitia',
  ],
  pdam: [
    'Air PDAM tercemar limbah beracun, warga dilarang minum air keran sampai minggu depan',
    'Info penting: air PDAM sudah tercemar limbah beracun, jangan minum air keran dulu sampai minggu depan',
    'air pdam tercemar limbah racun!! dilarang minum air keran smpai minggu dpn',
  ],
};

/** Ordinary complaints and questions, some on the rumours' topics (BLT, PDAM, vaccines). */
const COMPLAINTS = [
  'Jalan di depan kantor kelurahan rusak parah sudah tiga bulan belum diperbaiki',
  'Pelayanan KTP elektronik di Disdukcapil lambat sekali, antre dari pagi belum dipanggil',
  'Lampu penerangan jalan di Gang Mawar mati sejak minggu lalu, mohon segera diperbaiki',
  'Bantuan BLT tahap dua kok belum cair ya min? Saya sudah terdaftar di kelurahan',
  'Air PDAM di rumah saya mati dua hari, tolong segera ditangani',
  'Jadwal vaksin booster di puskesmas kecamatan kapan ya min?',
];

const T0 = new Date('2025-03-01T08:00:00Z');

/** The rumours' variants interleaved (first variants of all, then second …), complaints in between. */
function stream(): { label: string; message: EmergingMessage }[] {
  const out: { label: string; message: EmergingMessage }[] = [];
  const lists = Object.entries(RUMOURS);
  const rounds = Math.max(...lists.map(([, l]) => l.length), COMPLAINTS.length);
  for (let i = 0; i < rounds; i++) {
    const batch: [string, string | undefined][] = [
      ...lists.map(([label, l]) => [label, l[i]] as [string, string | undefined]),
      [`complaint-${i}`, COMPLAINTS[i]],
    ];
    for (const [label, text] of batch) {
      if (text === undefined) continue;
      const n = out.length;
      const postedAt = new Date(T0.getTime() + n * 60_000);
      out.push({ label, message: { id: `m${n}`, text, channelId: `ch${n % 3}`, postedAt } });
    }
  }
  return out;
}

function assignAll(messages: readonly { label: string; message: EmergingMessage }[]) {
  const index = createClusterIndex();
  const byLabel = new Map<string, Set<string>>();
  const results: ClusterAssignment[] = [];
  for (const { label, message } of messages) {
    const a = index.assign(message);
    expect(a, label).not.toBeNull();
    results.push(a!);
    const set = byLabel.get(label) ?? new Set<string>();
    set.add(a!.clusterId);
    byLabel.set(label, set);
  }
  return { index, byLabel, results };
}

describe('emerging-claim clustering', () => {
  it('puts the variants of one rumour in one cluster and different rumours in different clusters', () => {
    const { byLabel } = assignAll(stream());
    const clusterOf = new Map<string, string>();
    for (const label of Object.keys(RUMOURS)) {
      const clusters = byLabel.get(label)!;
      expect([...clusters], label).toHaveLength(1);
      clusterOf.set(label, [...clusters][0]!);
    }
    expect(new Set(clusterOf.values()).size).toBe(Object.keys(RUMOURS).length);
    // Complaints join no rumour, nor each other.
    const rumourClusters = new Set(clusterOf.values());
    const complaintClusters = COMPLAINTS.map((_, i) => [...byLabel.get(`complaint-${i}`)!][0]!);
    for (const id of complaintClusters) expect(rumourClusters.has(id)).toBe(false);
    expect(new Set(complaintClusters).size).toBe(COMPLAINTS.length);
  });

  it('reports whether a message opened its cluster and how similar it was', () => {
    const index = createClusterIndex();
    const [first, second] = RUMOURS.blt!;
    const a = index.assign({ id: 'a', text: first!, channelId: 'x', postedAt: T0 });
    const b = index.assign({ id: 'b', text: second!, channelId: 'x', postedAt: T0 });
    expect(a).toEqual({ clusterId: 'c1', isNew: true, similarity: 1 });
    expect(b?.clusterId).toBe('c1');
    expect(b?.isNew).toBe(false);
    expect(b!.similarity).toBeGreaterThanOrEqual(0.5);
    expect(b!.similarity).toBeLessThan(1);
    expect(index.sizeOf('c1')).toBe(2);
  });

  it('opens no cluster for a message with too little content', () => {
    const index = createClusterIndex();
    expect(index.assign({ id: 'x', text: 'hoaks ya min??', channelId: 'x', postedAt: T0 })).toBeNull();
    expect(index.size).toBe(0);
  });

  it('keeps as representative a member of the cluster, starting with the first', () => {
    const { index, byLabel } = assignAll(stream());
    for (const [label, variants] of Object.entries(RUMOURS)) {
      const id = [...byLabel.get(label)!][0]!;
      const representative = index.representative(id);
      expect(variants).toContain(representative?.text);
    }
    const single = createClusterIndex();
    single.assign({ id: 'only', text: RUMOURS.gempa![0]!, channelId: 'x', postedAt: T0 });
    expect(single.representative('c1')).toEqual({ messageId: 'only', text: RUMOURS.gempa![0] });
    expect(single.representative('c9')).toBeNull();
  });

  it('a higher threshold splits what the default joins', () => {
    const strict = createClusterIndex({ threshold: 0.99 });
    for (const [i, text] of RUMOURS.gempa!.entries()) {
      strict.assign({ id: `g${i}`, text, channelId: 'x', postedAt: T0 });
    }
    expect(strict.size).toBeGreaterThan(1);
  });

  it('a removed (promoted) cluster takes no more members', () => {
    const index = createClusterIndex();
    const [first, ...rest] = RUMOURS.vaksin!;
    const opened = index.assign({ id: 'v0', text: first!, channelId: 'x', postedAt: T0 })!;
    expect(index.remove(opened.clusterId)).toBe(true);
    expect(index.remove(opened.clusterId)).toBe(false);
    const next = index.assign({ id: 'v1', text: rest[0]!, channelId: 'x', postedAt: T0 })!;
    expect(next.isNew).toBe(true);
    expect(next.clusterId).not.toBe(opened.clusterId);
    expect(index.size).toBe(1);
  });

  it('evicts the least recently joined cluster beyond maxClusters', () => {
    const index = createClusterIndex({ maxClusters: 2 });
    const blt = index.assign({ id: 'b0', text: RUMOURS.blt![0]!, channelId: 'x', postedAt: T0 })!;
    const gempa = index.assign({ id: 'g0', text: RUMOURS.gempa![0]!, channelId: 'x', postedAt: T0 })!;
    index.assign({ id: 'b1', text: RUMOURS.blt![1]!, channelId: 'x', postedAt: T0 }); // blt now most recent
    const vaksin = index.assign({ id: 'v0', text: RUMOURS.vaksin![0]!, channelId: 'x', postedAt: T0 })!;
    expect(vaksin.evictedClusterId).toBe(gempa.clusterId);
    expect(index.sizeOf(blt.clusterId)).toBe(2);
    expect(index.sizeOf(gempa.clusterId)).toBe(0);
  });
});

describe('persistence', () => {
  const messages = stream();
  const half = Math.floor(messages.length / 2);

  it('snapshot → JSON → restore assigns the rest exactly as the original', () => {
    const original = createClusterIndex();
    for (const { message } of messages.slice(0, half)) original.assign(message);
    const restored = restoreClusterIndex(JSON.parse(JSON.stringify(original.snapshot())));
    expect(restored.snapshot()).toEqual(original.snapshot());
    for (const { message } of messages.slice(half)) {
      expect(restored.assign(message)).toEqual(original.assign(message));
    }
    expect(restored.snapshot()).toEqual(original.snapshot());
  });

  it('rebuild from stored rows assigns the rest exactly as the original', () => {
    const original = createClusterIndex();
    const rows = messages.slice(0, half).map(({ message }) => ({
      messageId: message.id,
      clusterId: original.assign(message)!.clusterId,
      text: message.text,
    }));
    const rebuilt = rebuildClusterIndex(rows);
    expect(rebuilt.snapshot()).toEqual(original.snapshot());
    for (const { message } of messages.slice(half)) {
      expect(rebuilt.assign(message)).toEqual(original.assign(message));
    }
  });

  it('rejects a malformed snapshot', () => {
    const index = createClusterIndex();
    index.assign(messages[0]!.message);
    const snapshot = index.snapshot();
    expect(() => restoreClusterIndex({ ...snapshot, format: 'other/1' })).toThrow();
    const broken = { ...snapshot, clusters: snapshot.clusters.map((c) => ({ ...c, grams: [999_999, 1] })) };
    expect(() => restoreClusterIndex(broken)).toThrow(/bad gram entry/);
  });

  it('is deterministic: the same messages in the same order give the same clusters', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(messages, { minLength: 1 }), (picked) => {
        const run = () => {
          const index = createClusterIndex();
          return picked.map(({ message }) => index.assign(message));
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 30 },
    );
  });
});

describe('clusterStats', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  const at = (minutesAgo: number, channelId: string) => ({
    postedAt: new Date(now.getTime() - minutesAgo * 60_000),
    channelId,
  });

  it('counts, first and last seen, growth over the last hour and six hours, channels', () => {
    const members = [at(600, 'wa'), at(300, 'x'), at(200, 'x'), at(59, 'fb'), at(30, 'x'), at(1, 'wa')];
    expect(clusterStats(members, now)).toEqual({
      count: 6,
      firstSeen: new Date(now.getTime() - 600 * 60_000),
      lastSeen: new Date(now.getTime() - 60_000),
      growthPerHour: { lastHour: 3, last6Hours: 5 / 6 },
      channels: { wa: 2, x: 3, fb: 1 },
    });
  });

  it('windows end at now: exactly one hour ago is outside, a clock-skewed future post is inside', () => {
    const s = clusterStats([at(60, 'x'), at(-5, 'x'), at(360, 'x')], now);
    expect(s.growthPerHour).toEqual({ lastHour: 1, last6Hours: 2 / 6 });
  });

  it('is empty for no members and safe for any channel id', () => {
    expect(clusterStats([], now)).toEqual({
      count: 0,
      firstSeen: null,
      lastSeen: null,
      growthPerHour: { lastHour: 0, last6Hours: 0 },
      channels: {},
    });
    const s = clusterStats([at(1, '__proto__')], now);
    expect(Object.keys(s.channels)).toEqual(['__proto__']);
  });
});
