/**
 * The statutory clocks of UU 14/2008 (Keterbukaan Informasi Publik), in working days from receipt.
 * An extension runs on from the end of the first 10 days, so an extended request is due after 10 + 7.
 */
export const LEGAL_CLOCKS = {
  /** Written answer to a request for information: Pasal 22 ayat (7). */
  informationRequest: { workingDays: 10, basis: 'UU 14/2008 Pasal 22 ayat (7)' },
  /** One extension, with written reasons: Pasal 22 ayat (8). */
  informationRequestExtension: { workingDays: 7, basis: 'UU 14/2008 Pasal 22 ayat (8)' },
  /** Answer by the PPID's superior to an objection (keberatan): Pasal 36 ayat (1). */
  objection: { workingDays: 30, basis: 'UU 14/2008 Pasal 36 ayat (1)' },
} as const;
