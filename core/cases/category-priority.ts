import type { CaseCategory, Priority } from '../db/generated/enums.ts';

/** A case's priority follows its category: a spreading hoax first, chatter last. */
export const CATEGORY_PRIORITY: Readonly<Record<CaseCategory, Priority>> = {
  MISINFORMATION: 'HIGH',
  COMPLAINT: 'NORMAL',
  INFO_REQUEST: 'NORMAL',
  OTHER: 'LOW',
};
