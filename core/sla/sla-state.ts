import type { SlaState } from '../db/generated/enums.ts';
import type { CaseClockPolicy, ClockName } from './case-clock.ts';

/**
 * SLA event kinds carry the clock epoch once a forward has restarted the clocks ("e1-first-warn50"), so the
 * fresh clocks fire their own warnings although SlaEvent is unique per case and kind.
 */
export function epochKind(epoch: number, kind: string): string {
  return epoch > 0 ? `e${epoch}-${kind}` : kind;
}

export interface ParsedKind {
  epoch: number;
  clock: ClockName;
  level: 'warning' | 'breach';
}

const KIND = /^(?:e(\d+)-)?(first|resolution)-(warn\d{1,2}|breach)$/;

export function parseKind(kind: string): ParsedKind | null {
  const match = KIND.exec(kind);
  if (!match) return null;
  return {
    epoch: match[1] ? Number(match[1]) : 0,
    clock: match[2] as ClockName,
    level: match[3] === 'breach' ? 'breach' : 'warning',
  };
}

export interface SlaStateInput {
  policy: CaseClockPolicy | null;
  epoch: number;
  /** Kinds of the case's recorded SlaEvents (all epochs). */
  eventKinds: readonly string[];
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  resolvedAt: Date | null;
  resolutionDueAt: Date | null;
}

/**
 * The case's SLA state, derived from stored facts only, so it can be explained and recomputed at any time:
 * BREACHED when a clock of the current epoch breached (a recorded breach, or an answer/resolution later
 * than its deadline, which also covers a breach job that never ran); MET when every clock the policy sets
 * is done in time; AT_RISK when a still-running clock has warned; ON_TRACK otherwise. A clock that is done
 * stops counting, so a case answered after a first-response warning is no longer at risk.
 */
export function slaStateOf(input: SlaStateInput): SlaState {
  const { policy } = input;
  if (!policy) return 'ON_TRACK';
  // Closing a case stops both clocks: a case closed without a reply (spam, duplicate) answered nobody late
  // unless it was closed after the first-response deadline.
  const firstDoneAt = input.firstResponseAt ?? input.resolvedAt;
  const done: Record<ClockName, boolean> = {
    first: !policy.firstResponse || firstDoneAt !== null,
    resolution: !policy.resolution || input.resolvedAt !== null,
  };
  const late = (at: Date | null, due: Date | null) => at !== null && due !== null && at > due;
  let breached =
    (policy.firstResponse !== undefined && late(firstDoneAt, input.firstResponseDueAt)) ||
    (policy.resolution !== undefined && late(input.resolvedAt, input.resolutionDueAt));
  let warned = false;
  for (const kind of input.eventKinds) {
    const parsed = parseKind(kind);
    if (!parsed || parsed.epoch !== input.epoch) continue;
    if (parsed.level === 'breach') breached = true;
    else if (!done[parsed.clock]) warned = true;
  }
  if (breached) return 'BREACHED';
  if (done.first && done.resolution) return 'MET';
  return warned ? 'AT_RISK' : 'ON_TRACK';
}
