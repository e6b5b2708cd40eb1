/**
 * Text → feature set for claim matching: character 4-grams of each content word, padded with a word
 * boundary at both ends ("vaksin" → " vak", "vaks", "aksi", "ksin", "sin "), taken from the same
 * normalisation as the rule classifier (`normaliseText`: NFKC, lower case, slang mapped, repeated letters
 * collapsed), with function words and "?" dropped. Stemming-free: a shared root still shares most of its
 * 4-grams ("dibagikan" / "membagikan" / "bagi"), and a typo only breaks the few grams around it.
 *
 * A gram is packed into an integer (6 bits a character: a–z, 0–9, boundary; other characters fold into
 * 26 buckets), so no strings are allocated per gram and ASCII grams never collide.
 */

export const GRAM = 4;

/**
 * Indonesian function words, discourse particles and forms of address: they carry no claim content,
 * and on a small registry their document frequencies are too noisy to down-weight them reliably.
 * Written in normalised form (after slang mapping).
 */
const STOPWORDS = new Set(
  `yang dan di ke dari ini itu untuk dengan ada akan pada dalam oleh karena atau juga sudah telah sedang
  masih bisa dapat adalah ialah yaitu bahwa sebagai agar supaya jika kalau maka serta saja lagi pun lah
  kah tah nya ya dong sih deh kok kan nih tuh loh lho nah wah eh ah oh hai halo admin kak kakak pak bu
  bapak ibu mas mbak bang gan sis saya kami kita kamu anda dia mereka kalian beliau aku engkau ia
  tolong mohon terima kasih apa apakah bagaimana kapan dimana siapa mengapa kenapa berapa mana
  tidak belum bukan jangan sangat banget lebih paling hanya cuma para sang si se tersebut tsb
  begitu gitu gini begini tapi tetapi namun sedangkan hingga sampai sejak setelah sebelum ketika saat
  secara seperti sama semua setiap tiap per bagi tentang terhadap antara atas bawah guys info informasi
  benar benarkah betul hoaks hoax`.split(/\s+/),
);

const BOUNDARY = 37;

/** 6-bit code of a (normalised, lower-case) character. */
function charCode(c: number): number {
  if (c >= 97 && c <= 122) return c - 96; // a–z → 1–26
  if (c >= 48 && c <= 57) return c - 21; // 0–9 → 27–36
  return 38 + (c % 26); // anything else → 38–63
}

/** Content words of normalised text: no "?", no function words, no single characters. */
export function contentWords(normalised: string): string[] {
  const words: string[] = [];
  for (const token of normalised.split(' ')) {
    if (token.length < 2 || STOPWORDS.has(token)) continue;
    words.push(token);
  }
  return words;
}

/** The packed 4-grams of one word padded with boundaries (a word of n letters has n − 1). */
export function wordGrams(word: string, into: number[] = []): number[] {
  // Sliding window over " word ": shift in one 6-bit code at a time, keep the last GRAM codes.
  const mask = (1 << (6 * GRAM)) - 1;
  let packed = BOUNDARY;
  for (let i = 0; i <= word.length; i++) {
    const code = i < word.length ? charCode(word.charCodeAt(i)) : BOUNDARY;
    packed = ((packed << 6) | code) & mask;
    if (i >= GRAM - 2) into.push(packed);
  }
  return into;
}

/** The distinct packed 4-grams of the content words of normalised text, in no particular order. */
export function gramsOf(normalised: string): number[] {
  const grams: number[] = [];
  for (const word of contentWords(normalised)) wordGrams(word, grams);
  return [...new Set(grams)];
}
