import { z } from 'zod';

/** Socket.io rooms: an agency's room receives its own cases and those of every office below it. */
export function agencyRoom(agencyId: string): string {
  return `agency:${agencyId}`;
}

/** Redis channel prefix shared by the worker's emitter and the dashboard's adapter. */
export function socketKey(redisPrefix: string): string {
  return `${redisPrefix}:socket.io`;
}

export const ZCaseSummary = z.object({
  id: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  /** The agency's IANA zone: times are shown in it (WIB/WITA/WIT), whatever the viewer's clock says. */
  timeZone: z.string(),
  channelId: z.string(),
  platform: z.string(),
  category: z.enum(['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER']),
  status: z.string(),
  priority: z.string(),
  subject: z.string(),
  contactName: z.string().nullable(),
  messageCount: z.number().int(),
  openedAt: z.string(),
  firstResponseDueAt: z.string().nullable(),
});
export type TCaseSummary = z.infer<typeof ZCaseSummary>;

/** `eventId` is the message that caused the event, so a browser can drop a repeat after a worker retry. */
export const ZCaseEvent = z.object({
  eventId: z.string(),
  kind: z.enum(['created', 'updated']),
  case: ZCaseSummary,
});
export type TCaseEvent = z.infer<typeof ZCaseEvent>;

export const EVENT = {
  case: 'case',
} as const;
