// @nlpjs/lang-id ships no types; this declares the one class the model uses.
declare module '@nlpjs/lang-id' {
  export class StemmerId {
    stemWord(word: string): string;
  }
}
