import type { PrismaClient } from '../db/client.ts';

export interface DefaultTemplate {
  key: string;
  title: string;
  body: string;
}

/**
 * Templates shipped for every agency (agencyId null); an agency's own template with the same key takes
 * precedence. Variables: {{nama}}, {{nomor_register}}, {{tautan}}, {{instansi}} (see render-template.ts).
 * Deadlines follow UU 14/2008: answer within 10 working days (Pasal 22 ayat 7), extendable once by
 * 7 working days (ayat 8); an objection within 30 working days (Pasal 35–36).
 */
export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = [
  {
    key: 'terima-kasih-diproses',
    title: 'Terima kasih, sedang diproses',
    body:
      'Halo {{nama}}, terima kasih telah menghubungi {{instansi}}. Pesan Anda sudah kami terima dan ' +
      'sedang diproses oleh petugas. Kami akan segera memberikan informasi lebih lanjut.',
  },
  {
    key: 'permintaan-informasi-diregistrasi',
    title: 'Permintaan informasi publik diregistrasi',
    body:
      'Halo {{nama}}, permintaan informasi publik Anda telah diregistrasi oleh PPID {{instansi}} dengan ' +
      'nomor register {{nomor_register}}. Sesuai UU No. 14 Tahun 2008 tentang Keterbukaan Informasi ' +
      'Publik, kami akan memberikan tanggapan tertulis paling lambat 10 (sepuluh) hari kerja sejak ' +
      'permintaan diterima, dan dapat diperpanjang paling lama 7 (tujuh) hari kerja dengan alasan ' +
      'tertulis. Mohon simpan nomor register ini untuk menanyakan perkembangannya.',
  },
  {
    key: 'mohon-data-tambahan',
    title: 'Mohon data tambahan melalui pesan langsung',
    body:
      'Halo {{nama}}, agar dapat kami tindak lanjuti, mohon kirimkan data tambahan (nama lengkap, ' +
      'lokasi/alamat kejadian, dan rincian permasalahan) melalui pesan langsung (DM) ke akun {{instansi}}. ' +
      'Demi keamanan, jangan menuliskan data pribadi seperti NIK atau nomor telepon di kolom komentar.',
  },
  {
    key: 'klarifikasi-hoaks',
    title: 'Klarifikasi hoaks',
    body:
      'Halo {{nama}}, terima kasih sudah mengonfirmasi. Informasi yang beredar tersebut TIDAK BENAR ' +
      '(hoaks). Penjelasan resmi {{instansi}} dapat dibaca di {{tautan}}. Mari bijak bermedia sosial: ' +
      'periksa kebenaran informasi sebelum membagikannya.',
  },
  {
    key: 'pengaduan-diteruskan',
    title: 'Pengaduan diteruskan ke OPD terkait',
    body:
      'Halo {{nama}}, terima kasih atas laporan Anda. Pengaduan ini telah kami teruskan (disposisi) ke ' +
      'Organisasi Perangkat Daerah (OPD) terkait untuk ditindaklanjuti. Kami akan mengabarkan ' +
      'perkembangannya kepada Anda. Salam, {{instansi}}.',
  },
  {
    key: 'jawaban-selesai',
    title: 'Jawaban selesai',
    body:
      'Halo {{nama}}, permintaan Anda telah selesai kami tanggapi. Jawaban lengkap dapat dilihat di ' +
      '{{tautan}}. Apabila Anda belum puas dengan tanggapan ini, Anda berhak mengajukan keberatan kepada ' +
      'atasan PPID {{instansi}} paling lambat 30 (tiga puluh) hari kerja. Terima kasih.',
  },
  {
    key: 'perpanjangan-waktu',
    title: 'Pemberitahuan perpanjangan waktu',
    body:
      'Halo {{nama}}, dengan ini kami beritahukan bahwa jangka waktu tanggapan atas permintaan informasi ' +
      'nomor register {{nomor_register}} diperpanjang paling lama 7 (tujuh) hari kerja sesuai ' +
      'UU No. 14 Tahun 2008 Pasal 22 ayat (8), karena informasi yang diminta masih kami kumpulkan. ' +
      'Mohon maaf atas ketidaknyamanannya. Salam, PPID {{instansi}}.',
  },
  {
    key: 'keberatan-diterima',
    title: 'Keberatan diterima',
    body:
      'Halo {{nama}}, keberatan Anda atas permintaan informasi nomor register {{nomor_register}} telah ' +
      'kami terima dan akan ditanggapi oleh atasan PPID {{instansi}} paling lambat 30 (tiga puluh) hari ' +
      'kerja sejak keberatan dicatat.',
  },
];

/**
 * Creates or refreshes the shipped templates (agencyId null). Idempotent and safe to run concurrently:
 * the unique index on (agencyId, key) does not cover NULL agencies, so an advisory lock serialises seeding.
 */
export async function seedDefaultTemplates(
  prisma: PrismaClient,
): Promise<{ created: number; updated: number }> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tanggap:default-reply-templates'))`;
    let created = 0;
    let updated = 0;
    for (const template of DEFAULT_TEMPLATES) {
      const existing = await tx.replyTemplate.findFirst({
        where: { agencyId: null, key: template.key },
        select: { id: true, title: true, body: true },
      });
      if (!existing) {
        await tx.replyTemplate.create({ data: { ...template, agencyId: null } });
        created++;
      } else if (existing.title !== template.title || existing.body !== template.body) {
        await tx.replyTemplate.update({
          where: { id: existing.id },
          data: { title: template.title, body: template.body },
        });
        updated++;
      }
    }
    return { created, updated };
  });
}
