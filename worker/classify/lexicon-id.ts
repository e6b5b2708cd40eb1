/**
 * Weighted cues for the rule-based classifier (data only; the logic is in `rules.ts`).
 *
 * Phrases are matched against `normaliseText()` output, so they are written in normalised form: lower
 * case, standard spelling (slang is already mapped: "gak" → "tidak", "udh" → "sudah", "gmn" →
 * "bagaimana", "bener" → "benar"), no punctuation except "?" as its own token. Within a phrase, token by
 * token:
 * - `a|b`   alternatives for that one token ("belum|tidak cair" = "belum cair" or "tidak cair");
 * - `x*`    a token starting with x ("syarat*" matches "syaratnya"); `*x` one ending with x; `*x*` one
 *           containing x ("*rusak*" matches "kerusakan");
 * - `#`     a number, optionally followed by "x" ("3", "3x").
 * Tokens are matched whole and in sequence. A cue counts at most once per message (its first matching
 * phrase); different cues add up, and overlapping ones ("mohon info" and "info") are weighted for that.
 *
 * Weights: about 3 = decisive on its own, 2 = a clear signal, 1 = supporting, below 1 = a weak hint.
 */
import type { Category } from './rules.ts';

export interface Cue {
  readonly phrases: readonly string[];
  readonly weight: number;
}

export const LEXICON: Readonly<Record<Category, readonly Cue[]>> = {
  INFO_REQUEST: [
    // Asking, explicitly.
    {
      phrases: ['mau|ingin|izin|ijin|boleh|numpang|badhe tanya', 'mau bertanya', 'ingin bertanya'],
      weight: 2,
    },
    { phrases: ['bertanya', 'menanyakan', 'tanya'], weight: 1 },
    { phrases: ['mohon|minta|tolong info|informasi*', 'info dong', 'minta tolong dikirim*'], weight: 2 },
    { phrases: ['info', 'informasi'], weight: 0.5 },
    { phrases: ['boleh|mau|ingin tau', 'ingin mengetahui', 'mohon penjelasan*'], weight: 1.5 },
    { phrases: ['apakah ada', 'adakah', 'ada tidak', 'apa ada'], weight: 1.5 },
    { phrases: ['apakah bisa', 'bisakah', 'bisa tidak', 'apa bisa', 'bisa minta'], weight: 1.5 },
    { phrases: ['tidak ?', 'ya ?'], weight: 0.6 },
    // Yes/no questions typed without "?": "sudah beroperasi belum", "perlu antigen tidak", "masih ada kah".
    {
      phrases: [
        'sudah * belum',
        'sudah * * belum',
        'sudah belum',
        'perlu|harus|wajib|boleh|bisa|masih|ada * tidak',
        'perlu|harus|wajib|boleh|bisa|masih|ada * * tidak',
        'apa masih',
        'masih ada',
        '*kah admin|kak|pak|bu',
      ],
      weight: 1.2,
    },
    { phrases: ['tersedia', 'menyediakan', 'melayani', 'layanan apa', 'beroperasi lagi'], weight: 0.8 },
    { phrases: ['atau harus', 'atau cukup', 'atau bisa'], weight: 1.2 },
    { phrases: ['apa saja', 'bawa apa', 'perlu bawa', 'harus bawa', 'perlu apa'], weight: 1.5 },
    { phrases: ['berapa lama', 'berapa biaya*|tarif*|harga*|ongkos'], weight: 1.5 },
    { phrases: ['biaya*', 'tarif*', 'harga*', 'ongkos', 'estimasi', 'gratis kan'], weight: 0.8 },
    { phrases: ['bagaimana cara*', 'cara*'], weight: 1.5 },
    // Procedures, requirements, services.
    { phrases: ['*syarat*'], weight: 2 },
    { phrases: ['prosedur*', 'mekanisme*', 'alur*', 'tata cara', 'langkah*'], weight: 2 },
    { phrases: ['berkas apa', 'dokumen apa', 'kelengkapan*'], weight: 1.5 },
    { phrases: ['mengurus', 'urus', 'ngurus*', 'pengurusan', 'membuat', 'pembuatan', 'bikin'], weight: 0.6 },
    { phrases: ['daftar', 'mendaftar', 'pendaftaran*', 'registrasi'], weight: 0.5 },
    { phrases: ['formulir*', 'form'], weight: 1.5 },
    {
      phrases: ['legalisir', 'perpanjang*', 'balik nama', 'mutasi', 'pindah domisili', 'ganti alamat'],
      weight: 0.8,
    },
    { phrases: ['ktp|kk|kia|akta|sim|skck|npwp*|bpjs|stnk|bpkb|paspor'], weight: 0.4 },
    { phrases: ['beasiswa', 'ppdb', 'zonasi', 'jalur', 'kuota'], weight: 0.5 },
    {
      phrases: [
        'lowongan',
        'loker',
        'magang',
        'pelatihan',
        'job fair',
        'kartu kuning',
        'kartu pencari kerja',
      ],
      weight: 1,
    },
    // Schedules, places, contacts, links.
    { phrases: ['jadwal*'], weight: 2 },
    {
      phrases: ['jam operasional', 'jam buka', 'jam pelayanan', 'jam berapa', 'buka jam', 'sampai jam'],
      weight: 2,
    },
    { phrases: ['buka', 'dibuka', 'beroperasi'], weight: 0.5 },
    { phrases: ['sampai tanggal', 'batas waktu', 'tanggal berapa', 'tiap tanggal'], weight: 1 },
    { phrases: ['pengumuman', 'hasil seleksi', 'hasil tes'], weight: 1 },
    { phrases: ['lokasi*', 'alamat*', 'letak*', 'terdekat', 'google maps'], weight: 1.5 },
    { phrases: ['link', 'linknya', 'tautan*'], weight: 0.8 },
    {
      phrases: [
        'nomor telepon|telp|hp|whatsapp|wa|pengaduan',
        'nomor *',
        'kontak*',
        'narahubung',
        'call center',
      ],
      weight: 1,
    },
    { phrases: ['website mana', 'di website', 'aplikasi apa'], weight: 1 },
    // Public information (PPID): documents, budgets, data.
    { phrases: ['permohonan informasi', 'mengajukan permohonan', 'memohon informasi'], weight: 2.5 },
    { phrases: ['informasi publik', 'keterbukaan informasi', 'ppid'], weight: 1.5 },
    { phrases: ['salinan', 'softcopy', 'hardcopy', 'fotokopi dokumen'], weight: 2 },
    { phrases: ['dokumen*'], weight: 1 },
    { phrases: ['data', 'datanya', 'statistik*', 'jumlah'], weight: 1.2 },
    {
      phrases: ['anggaran', 'apbd', 'apbn', 'dpa', 'rka', 'realisasi', 'dialokasikan', 'alokasi', 'rincian*'],
      weight: 1,
    },
    { phrases: ['laporan keuangan', 'hasil audit', 'audit', 'lhp'], weight: 1 },
    { phrases: ['diakses', 'mengakses', 'terbuka untuk umum', 'dipantau'], weight: 0.8 },
    // English.
    { phrases: ['is there', 'are there', 'how to', 'how do', 'information', 'can i'], weight: 1.5 },
  ],

  COMPLAINT: [
    // Broken or neglected infrastructure.
    { phrases: ['*rusak*'], weight: 2 },
    { phrases: ['berlubang', 'lubang*', 'bolong*', 'ambles', 'amblas', 'ambrol', 'retak'], weight: 1.5 },
    {
      phrases: [
        'tidak|belum diperbaiki|dibenerin|didandani|diganti|diangkut|ditangani|dipanggil',
        'tidak|belum juga',
        'tidak|belum jadi',
      ],
      weight: 2,
    },
    { phrases: ['mangkrak', 'terbengkalai', 'dibiarkan', 'dibiarin'], weight: 2 },
    { phrases: ['mampet', 'tersumbat', 'tergenang', 'kebanjiran', 'banjir'], weight: 1.5 },
    { phrases: ['longsor', 'macet', 'ugal ugalan', 'ngetem'], weight: 1 },
    { phrases: ['sampah', 'numpuk', 'menumpuk', 'bau', 'baunya', 'kotor', 'jorok', 'lalat'], weight: 1 },
    { phrases: ['gelap', 'padam', 'mati'], weight: 1 },
    { phrases: ['lampu pju', 'pju', 'lampu jalan', 'lampu merah', 'lampu jalannya'], weight: 1 },
    {
      phrases: ['rawan', 'bahaya', 'berbahaya', 'hampir jatuh', 'hampir tabrakan', 'kecelakaan'],
      weight: 0.8,
    },
    // Service failures.
    { phrases: ['antre', 'antri', 'antrean', 'antrian', 'ngantri', 'mengantre'], weight: 1 },
    { phrases: ['antrean|antrian|antre|antri panjang', 'dari subuh', 'dari jam #'], weight: 1 },
    { phrases: ['lambat', 'lelet', 'lemot', 'lama banget', 'lama sekali', 'lama sekali'], weight: 1.5 },
    {
      phrases: ['berbelit*', 'ribet', 'dipersulit', 'bolak balik', 'dilempar*', 'dioper', 'disuruh datang'],
      weight: 2,
    },
    { phrases: ['judes', 'jutek', 'ketus', 'kasar', 'dibentak', 'membentak', 'sombong', 'galak'], weight: 2 },
    { phrases: ['tidak ramah', 'tidak sopan', 'tidak profesional', 'tidak kompeten', 'diancam'], weight: 2 },
    {
      phrases: ['main hp', 'ngobrol', 'tidak ada di tempat', 'tidak ada petugas*', 'sedang rapat'],
      weight: 1.5,
    },
    { phrases: ['sudah tutup', 'tutup'], weight: 0.6 },
    {
      phrases: ['tidak|belum ada respon*|tanggapan|jawaban|kepastian|tindakan|kejelasan', 'tindak lanjut'],
      weight: 2,
    },
    { phrases: ['tidak|belum dibalas|dibales|diangkat|direspon|ditanggapi|dihubungi'], weight: 2 },
    { phrases: ['mana tanggapan*', 'mana janji*', 'mana hasilnya'], weight: 2 },
    { phrases: ['error', 'eror', 'gangguan', 'down', 'offline', 'loading', 'bermasalah'], weight: 1.5 },
    {
      phrases: ['terputus', 'putus putus', 'putus', 'tidak berfungsi', 'tidak bisa digunakan|dipakai'],
      weight: 1.5,
    },
    {
      phrases: ['tidak bisa login|dibuka|diakses|masuk|dihubungi', 'tidak kebuka', 'tidak pernah masuk'],
      weight: 2,
    },
    { phrases: ['blangko habis', 'stok habis', 'kosong', 'habis'], weight: 1 },
    // Money: benefits not paid, extortion, deductions.
    { phrases: ['pungli', 'pungutan liar', 'calo', 'uang rokok', 'uang damai', 'damai'], weight: 3 },
    {
      phrases: ['dimintai', 'dimintain', 'diminta uang', 'minta uang', 'dipalak', 'memeras', 'diperas'],
      weight: 2,
    },
    { phrases: ['tidak|belum cair|dibayar|dibayarkan|diterima|turun|dicetak|balik'], weight: 2 },
    { phrases: ['tidak dapat', 'tidak kebagian'], weight: 1 },
    { phrases: ['kepotong', 'terpotong', 'saldo'], weight: 1.5 },
    { phrases: ['tidak tepat sasaran', 'salah sasaran', 'ngawur', 'pilih kasih'], weight: 2 },
    // Feelings and stance.
    { phrases: ['*kecewa*'], weight: 2 },
    { phrases: ['parah', 'payah', 'buruk', 'jelek', 'kacau', 'amburadul', 'memalukan', 'malu'], weight: 1.5 },
    {
      phrases: ['kesal', 'kesel', 'capek', 'cape', 'lelah', 'marah', 'sia sia', 'buang buang', 'percuma'],
      weight: 1.5,
    },
    { phrases: ['keluhan', 'mengeluh', 'komplain', 'protes', 'keberatan'], weight: 2 },
    {
      phrases: ['sudah lapor', 'sudah melapor', 'sudah mengadu', 'sudah saya sampaikan', 'sudah saya kirim'],
      weight: 1.5,
    },
    {
      phrases: ['ditindaklanjuti', 'ditertibkan', 'dievaluasi', 'ditindak', 'diperbaiki', 'dibereskan'],
      weight: 1.5,
    },
    { phrases: ['mohon perhatian*', 'turun tangan', 'segera'], weight: 1 },
    // Duration and contrast: "sudah 3 bulan", "padahal", "malah", rhetorical questions.
    { phrases: ['sudah|selama|hampir|lewat # hari|minggu|bulan|tahun|kali|jam'], weight: 1.5 },
    { phrases: ['berbulan bulan', 'bertahun tahun', 'berhari hari', 'seminggu', 'sebulan'], weight: 1.2 },
    {
      phrases: [
        'sampai sekarang',
        'sampai hari ini',
        'sampai kapan',
        'dari kemarin',
        'tiap hari',
        'setiap hari',
      ],
      weight: 1.5,
    },
    { phrases: ['padahal', 'malah', 'bukannya', 'seharusnya', 'harusnya'], weight: 1.2 },
    { phrases: ['kok', 'masa', 'kenapa'], weight: 0.8 },
    {
      phrases: ['bagaimana ini', 'ini bagaimana', 'apa apaan', 'macam apa', 'buat apa', 'sistem apa'],
      weight: 1.5,
    },
    { phrases: ['kemana ?', 'kemana saja'], weight: 1 },
    { phrases: ['tolong'], weight: 0.5 },
  ],

  MISINFORMATION: [
    // Asking whether a claim is true.
    { phrases: ['hoaks'], weight: 3 },
    {
      phrases: ['benarkah', 'betulkah', 'apakah|apa benar', 'benar tidak|bukan|atau', 'benar benar terjadi'],
      weight: 2.5,
    },
    { phrases: ['ini benar', 'benar ?', 'benar ini', 'kebenarannya'], weight: 1.5 },
    { phrases: ['asli tidak|bukan|atau', 'resmi tidak|bukan|atau', 'akun resmi'], weight: 2 },
    { phrases: ['fakta', 'faktanya', 'klarifikasi*', 'diklarifikasi', 'cek fakta'], weight: 2 },
    { phrases: ['palsu', 'editan', 'rekayasa', 'mengatasnamakan', 'mencatut', 'catut'], weight: 2.5 },
    { phrases: ['penipuan', 'penipu', 'modus', 'scam'], weight: 2.5 },
    // Circulating: "viral", "beredar", chain messages.
    { phrases: ['beredar', 'diedarkan', 'berseliweran'], weight: 2.5 },
    { phrases: ['viral'], weight: 1.5 },
    {
      phrases: ['viralkan', 'sebarkan', 'sebar', 'disebarkan', 'teruskan', 'forward', 'bagikan'],
      weight: 3,
    },
    { phrases: ['share', 'dishare', 'yang share'], weight: 1.2 },
    { phrases: ['pesan berantai', 'berantai', 'broadcast', 'bc'], weight: 3 },
    { phrases: ['grup|group sebelah'], weight: 3 },
    { phrases: ['di|dari grup|group'], weight: 1.5 },
    {
      phrases: ['katanya', 'kabarnya', 'dikabarkan', 'konon', 'isu', 'isunya', 'rumor', 'gosip'],
      weight: 1.5,
    },
    {
      phrases: ['ada yang bilang', 'orang bilang', 'info dari', 'info valid', 'a1', 'orang dalam'],
      weight: 2,
    },
    { phrases: ['rame|ramai di', 'heboh', 'panik', 'geger'], weight: 1.2 },
    { phrases: ['tiktok|fb|facebook|twitter|instagram|ig|youtube|medsos'], weight: 0.7 },
    {
      phrases: ['video', 'foto', 'screenshot', 'ss', 'poster', 'pamflet', 'selebaran', 'surat edaran'],
      weight: 0.7,
    },
    { phrases: ['dapat|terima pesan|sms', 'dapat dari'], weight: 1.2 },
    { phrases: ['awas', 'waspada', 'hati hati', 'penting', 'breaking'], weight: 1.2 },
    // Typical payloads: fake aid, fake recruitment, health myths, alarming claims.
    {
      phrases: [
        'transfer',
        'deposit',
        'biaya administrasi|pendaftaran|pemberkasan|seragam|survey|survei',
        'bayar # juta|jt|rb|ribu',
      ],
      weight: 1.5,
    },
    { phrases: ['tanpa tes', 'tanpa seleksi', 'pasti diterima', 'dijamin lolos'], weight: 2.5 },
    { phrases: ['selamat anda', 'anda terpilih', 'terpilih', 'pemenang'], weight: 1.5 },
    // The lure's call to action, counted apart from its "you were chosen".
    {
      phrases: ['klaim sekarang|hadiah|bantuan|dana|saldo', 'klaim di|lewat|melalui', 'hadiah'],
      weight: 1.5,
    },
    { phrases: ['gratis', 'bagi bagi', 'dibagikan', 'membagikan'], weight: 0.7 },
    {
      phrases: [
        'link pendaftaran',
        'daftar di link',
        'daftar lewat link',
        'isi nik',
        'nomor rekening',
        'rekening',
      ],
      weight: 1.5,
    },
    {
      phrases: ['menyembuhkan', 'sembuh', 'nyembuhin', 'kanker', 'mandul', 'autis', 'menyebabkan'],
      weight: 1,
    },
    { phrases: ['disita', 'penculikan', 'diculik', 'ambruk', 'jebol', 'tsunami', 'gempa'], weight: 1 },
    {
      phrases: [
        'mulai besok',
        'mulai bulan|minggu|tahun depan',
        'mulai hari ini',
        'mulai tanggal',
        'mulai #',
      ],
      weight: 1,
    },
    { phrases: ['ngaku', 'mengaku', 'menyamar'], weight: 1.5 },
    // Chain-message calls to pass it on ("jangan berhenti di kamu", "ketik amin").
    {
      phrases: [
        'sebarluaskan',
        'bantu sebarkan|share|viralkan',
        'mohon|tolong|harap disebarkan|disebar|dishare|diviralkan|diteruskan',
        'copas',
        'copy paste',
        'kirim|kirimkan|teruskan ke # orang|grup|teman',
        'jangan berhenti di kamu|anda|saya|sini',
        'sebelum dihapus',
        'aminkan',
        'ketik amin',
        'please share',
        'share this',
        'forward this',
      ],
      weight: 3,
    },
    // Sensational framing of a "revelation".
    {
      phrases: [
        'terbongkar',
        'terungkap',
        'terkuak',
        'mengejutkan',
        'menggemparkan',
        'gempar',
        'dunia terkejut',
        'akhirnya terbukti',
        'tidak|jarang diberitakan',
        'media bungkam|diam',
        'rahasia yang',
        'diam diam',
        'inilah',
      ],
      weight: 2,
    },
    { phrases: ['ternyata', 'terbukti', 'sudah terbukti', 'wajib tahu', 'harus tahu'], weight: 1 },
    // Alarm and unsourced authority ("kata dokter", "teman saya yang kerja di …").
    { phrases: ['innalillahi', 'darurat', 'peringatan', 'urgent', 'warning', 'siaga satu'], weight: 1.2 },
    {
      phrases: [
        'sumber terpercaya',
        'menurut sumber',
        'teman|kawan|saudara saya yang kerja|bekerja|dinas di',
        'kata dokter|profesor|ahli|ilmuwan',
        'penelitian membuktikan',
        'para ilmuwan',
      ],
      weight: 2,
    },
    // Recurring payloads of false narratives.
    {
      phrases: [
        'mengandung babi|racun|chip|microchip',
        'microchip',
        'konspirasi',
        'antek asing|aseng|pki',
        'pki',
        'komunis',
        'kiamat',
        'penculikan anak',
        'jual organ',
        'organ tubuh',
        'santet',
        'rezim',
      ],
      weight: 1.5,
    },
    // Health myths: a home remedy that "ampuh" cures or prevents a serious disease.
    {
      phrases: [
        'ampuh',
        'manjur',
        'mujarab',
        'ramuan',
        'berkhasiat',
        'khasiat',
        'obat alami',
        'penangkal',
        'mencegah|membunuh|mematikan virus|corona|covid|kanker|sel',
      ],
      weight: 1.2,
    },
    // Notices passed on as if official ("Diberitahukan kepada seluruh warga …", "Yth. seluruh anggota grup").
    {
      phrases: [
        'diberitahukan',
        'kepada seluruh|semua',
        'seluruh anggota',
        'harap diperhatikan',
        'instruksi',
      ],
      weight: 1,
    },
    // English chain messages.
    {
      phrases: [
        'forwarded as received',
        'pass it|this on',
        'spread the word',
        'must read',
        'share it',
        'breaking news',
        'scientists|doctors say|found|confirm',
      ],
      weight: 2,
    },
    {
      phrases: [
        'akan dihapus|ditutup|diberlakukan|dibubarkan|dicabut|ditarik|diganti',
        'resmi dihapus|ditutup|dibubarkan|berlaku',
        'dihapuskan',
        'mulai berlaku',
      ],
      weight: 1.2,
    },
  ],

  OTHER: [
    // Thanks, acknowledgement.
    { phrases: ['terima kasih'], weight: 2 },
    { phrases: ['suksma', 'noted', 'syukurlah', 'alhamdulillah'], weight: 1.5 },
    { phrases: ['oke', 'siap', 'sip', 'baik', 'baiklah', 'yaudah', 'ya sudah'], weight: 1 },
    // Greetings.
    { phrases: ['selamat pagi|siang|sore|malam', 'wilujeng enjing|siang|sonten|wengi'], weight: 1 },
    {
      phrases: [
        'assalamualaikum',
        'halo',
        'hai',
        'hi',
        'hallo',
        'horas',
        'salam kenal',
        'salam dari',
        'permisi',
      ],
      weight: 0.8,
    },
    // Praise, wishes.
    {
      phrases: [
        'mantap',
        'keren',
        'hebat',
        'bagus',
        'top',
        'luar biasa',
        'good job',
        'informatif',
        'apresiasi',
      ],
      weight: 1.5,
    },
    { phrases: ['lucu', 'cantik', 'indah'], weight: 1 },
    { phrases: ['semangat', 'sukses', 'semoga', 'mugia', 'sehat selalu'], weight: 1.2 },
    { phrases: ['selamat hari', 'hari jadi', 'dirgahayu', 'ulang tahun'], weight: 2 },
    // Chatter.
    { phrases: ['wkwk*', 'haha*', 'hehe*', 'hihi*', 'xixi*', 'kwkw*', 'lol'], weight: 1.5 },
    {
      phrases: [
        'nyimak',
        'hadir',
        'pertamax',
        'follow back',
        'followback',
        'folbek',
        'salken',
        'test test',
        'testing',
        'hmm',
      ],
      weight: 2,
    },
    { phrases: ['typo', 'salah ketik'], weight: 1.5 },
    // Promotions and spam.
    { phrases: ['jual', 'dijual', 'reseller', 'order', 'open po'], weight: 1.5 },
    { phrases: ['promo', 'diskon', 'murah', 'free ongkir', 'gratis ongkir', 'cashback'], weight: 1.5 },
    { phrases: ['minat', 'hub whatsapp', 'hubungi whatsapp', 'dm'], weight: 1 },
    { phrases: ['buruan', 'terbatas', 'sekarang juga', 'klik link'], weight: 1 },
    { phrases: ['pulsa', 'pelangsing', 'obat kuat'], weight: 1 },
    {
      phrases: ['slot', 'gacor', 'maxwin', 'judi', 'togel', 'casino', 'pinjol', 'pinjaman online'],
      weight: 3,
    },
  ],
};

/** Question words as evidence of an information request; only the strongest one present counts. */
export const QUESTION_WORDS: readonly Cue[] = [
  { phrases: ['apakah', 'bisakah', 'bolehkah', 'adakah'], weight: 1.2 },
  { phrases: ['berapa'], weight: 1.2 },
  { phrases: ['bagaimana'], weight: 1 },
  { phrases: ['dimana', 'di mana', 'kemana', 'ke mana', 'mana saja'], weight: 1 },
  { phrases: ['kapan'], weight: 1 },
  { phrases: ['siapa'], weight: 0.8 },
  { phrases: ['apa'], weight: 0.5 },
];
