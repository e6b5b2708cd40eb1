/** Shapes of the dashboard API's answers, as the browser reads them (dates are ISO strings). */

export type Role = 'AGENT' | 'VALIDATOR' | 'SUPERVISOR' | 'ADMIN';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string;
}

/** core/events.ts ZCaseSummary. */
export interface CaseSummary {
  id: string;
  agencyId: string;
  agencyName: string;
  timeZone: string;
  channelId: string;
  platform: string;
  category: string;
  status: string;
  slaState: string;
  priority: string;
  subject: string;
  contactName: string | null;
  messageCount: number;
  openedAt: string;
  firstResponseDueAt: string | null;
  version: number;
  assigneeId: string | null;
  assigneeName: string | null;
}

export interface CaseEvent {
  eventId: string;
  kind: 'created' | 'updated' | 'moved';
  case: CaseSummary;
}

export interface NotificationEvent {
  id: string;
  agencyId: string;
  caseId: string | null;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
}

export interface ReplyDetail {
  id: string;
  kind: 'REPLY' | 'VERDICT';
  verdict: string | null;
  claimTitle: string | null;
  text: string;
  status: string;
  version: number;
  error: string | null;
  publishedAt: string | null;
  createdAt: string;
  author: { id: string; displayName: string };
  reviews: {
    decision: string;
    comment: string | null;
    createdAt: string;
    validator: { displayName: string };
  }[];
}

export interface MessageDetail {
  id: string;
  direction: 'INBOUND' | 'OUTBOUND';
  kind: string;
  text: string;
  /** The item on the platform (a post, a comment), when it has a public link. */
  url: string | null;
  postedAt: string;
  editedAt: string | null;
  /** Earlier texts of an edited message, oldest first. */
  revisions: { text: string; replacedAt: string }[];
  /** Outbound WhatsApp receipts: sent, delivered, read or failed. */
  deliveryStatus: string | null;
  contact: { displayName: string | null; handle: string | null } | null;
  classification: {
    category: string;
    secondary: string | null;
    confidence: number;
    reasons: unknown;
    modelVersion: string;
    claimId: string | null;
  } | null;
}

export interface CaseDetail {
  case: {
    id: string;
    agencyId: string;
    channelId: string;
    category: string;
    status: string;
    slaState: string;
    subject: string;
    version: number;
    openedAt: string;
    firstResponseAt: string | null;
    firstResponseDueAt: string | null;
    resolutionDueAt: string | null;
    agency: { name: string; timeZone: string };
    assignee: { id: string; displayName: string } | null;
    messages: MessageDetail[];
    replies: ReplyDetail[];
  };
  history: { action: string; actorId: string | null; data: unknown; createdAt: string }[];
}

export interface SlaExplanation {
  state: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  explanation: unknown;
}

export interface Template {
  key: string;
  title: string;
  body: string;
  isDefault: boolean;
}

export interface Percentiles {
  p50: number | null;
  p90: number | null;
}

export interface MetricsRow {
  key: string;
  label: string;
  cases: number;
  open: number;
  breached: number;
  breachRate: number | null;
  firstResponse: { count: number; calendarMinutes: Percentiles; workingMinutes: Percentiles };
}

export interface MetricsResult {
  from: string;
  to: string;
  groupBy: string;
  total: MetricsRow;
  rows: MetricsRow[];
}

export interface AgencyNode {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  timeZone: string;
  channelIds: string[];
}
