import { z } from 'zod';

/** Socket.io room of one agency's staff (agents, validators): its own cases only. */
export function agencyRoom(agencyId: string): string {
  return `agency:${agencyId}`;
}

/** Room of an agency's supervisors and admins: its cases and those of every office below it. */
export function subtreeRoom(agencyId: string): string {
  return `subtree:${agencyId}`;
}

/** Where an event about a case of this agency goes: its own room and the subtree room of it and each parent. */
export function roomsForAgency(agencyAndAncestors: string[]): string[] {
  const [own] = agencyAndAncestors;
  return [...(own ? [agencyRoom(own)] : []), ...agencyAndAncestors.map(subtreeRoom)];
}

/** Redis pub/sub channel on which the worker announces the agency of every changed case (metrics stream). */
export function caseChangesChannel(redisPrefix: string): string {
  return `${redisPrefix}:case-changes`;
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
  slaState: z.string(),
  priority: z.string(),
  subject: z.string(),
  contactName: z.string().nullable(),
  messageCount: z.number().int(),
  openedAt: z.string(),
  firstResponseDueAt: z.string().nullable(),
  /** The version a transition must name (optimistic locking), so the queue can act without a detail fetch. */
  version: z.number().int(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
});
export type TCaseSummary = z.infer<typeof ZCaseSummary>;

/** `eventId` is the message that caused the event, so a browser can drop a repeat after a worker retry. */
export const ZCaseEvent = z.object({
  eventId: z.string(),
  /** `moved`: the case left this room's agency (forwarded); the queue drops it. */
  kind: z.enum(['created', 'updated', 'moved']),
  case: ZCaseSummary,
});
export type TCaseEvent = z.infer<typeof ZCaseEvent>;

/** An SLA warning or breach for an agency's supervisors (room: the subtree rooms of it and its parents). */
export const ZNotificationEvent = z.object({
  id: z.string(),
  agencyId: z.string(),
  caseId: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type TNotificationEvent = z.infer<typeof ZNotificationEvent>;

export const EVENT = {
  case: 'case',
  notification: 'notification',
  metrics: 'metrics',
} as const;
