/** GET /api/review-queue (dashboard/server/routes/review-queue-api.ts). */
export interface ReviewItem {
  reply: {
    id: string;
    kind: 'REPLY' | 'VERDICT';
    verdict: string | null;
    claimTitle: string | null;
    text: string;
    version: number;
    createdAt: string;
    author: { id: string; displayName: string };
  };
  case: {
    id: string;
    subject: string;
    category: string;
    status: string;
    agencyName: string;
    timeZone: string;
    channelId: string;
  };
  original: { id: string; text: string; postedAt: string; contactName: string | null }[];
}
