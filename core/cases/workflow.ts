import type { CaseCategory, CaseStatus, Role } from '../db/generated/enums.ts';

/**
 * The case lifecycle. Each action names the states it may start from, where it leads and who may take it.
 * SYSTEM actions are taken by the worker (publishing, a citizen writing again), never through the API.
 *
 *   NEW → TRIAGED → IN_PROGRESS → AWAITING_VALIDATION → APPROVED → ANSWERED → CLOSED
 *   AWAITING_VALIDATION → REJECTED → (revised) AWAITING_VALIDATION
 *   IN_PROGRESS ⇄ WAITING_ON_CITIZEN (SLA clock paused)      any open state → FORWARDED → TRIAGED (target)
 *   misinformation: FLAGGED → VERIFYING → AWAITING_VALIDATION → VERDICT → CLARIFIED → CLOSED
 */
export const CASE_ACTIONS = {
  triage: { from: ['NEW'], to: 'TRIAGED', roles: ['AGENT', 'SUPERVISOR'] },
  claim: { from: ['TRIAGED'], to: 'IN_PROGRESS', roles: ['AGENT'] },
  start_verification: { from: ['FLAGGED'], to: 'VERIFYING', roles: ['AGENT'] },
  wait_on_citizen: { from: ['IN_PROGRESS'], to: 'WAITING_ON_CITIZEN', roles: ['AGENT'] },
  resume: { from: ['WAITING_ON_CITIZEN'], to: 'IN_PROGRESS', roles: ['AGENT', 'SUPERVISOR'] },
  submit: { from: ['IN_PROGRESS', 'VERIFYING', 'REJECTED'], to: 'AWAITING_VALIDATION', roles: ['AGENT'] },
  approve_reply: { from: ['AWAITING_VALIDATION'], to: 'APPROVED', roles: ['VALIDATOR'] },
  approve_verdict: { from: ['AWAITING_VALIDATION'], to: 'VERDICT', roles: ['VALIDATOR'] },
  reject: { from: ['AWAITING_VALIDATION'], to: 'REJECTED', roles: ['VALIDATOR'] },
  forward: {
    from: ['NEW', 'TRIAGED', 'IN_PROGRESS', 'WAITING_ON_CITIZEN', 'FLAGGED', 'VERIFYING', 'REJECTED'],
    to: 'FORWARDED',
    roles: ['AGENT', 'SUPERVISOR'],
  },
  accept_forward: { from: ['FORWARDED'], to: 'TRIAGED', roles: ['AGENT', 'SUPERVISOR'] },
  close: {
    from: ['NEW', 'TRIAGED', 'FLAGGED', 'ANSWERED', 'CLARIFIED'],
    to: 'CLOSED',
    roles: ['AGENT', 'SUPERVISOR'],
  },
  published: { from: ['APPROVED'], to: 'ANSWERED', roles: ['SYSTEM'] },
  clarified: { from: ['VERDICT'], to: 'CLARIFIED', roles: ['SYSTEM'] },
  citizen_wrote: {
    from: ['WAITING_ON_CITIZEN', 'ANSWERED', 'CLARIFIED'],
    to: 'IN_PROGRESS',
    roles: ['SYSTEM'],
  },
} as const satisfies Record<
  string,
  { from: readonly CaseStatus[]; to: CaseStatus; roles: readonly (Role | 'SYSTEM')[] }
>;

export type CaseAction = keyof typeof CASE_ACTIONS;
export const USER_ACTIONS = (Object.keys(CASE_ACTIONS) as CaseAction[]).filter(
  (a) => !(CASE_ACTIONS[a].roles as readonly string[]).includes('SYSTEM'),
);

export function initialStatus(category: CaseCategory): CaseStatus {
  return category === 'MISINFORMATION' ? 'FLAGGED' : 'NEW';
}

export const CLOSED_STATUSES: readonly CaseStatus[] = ['CLOSED'];

export type TransitionCheck =
  | { ok: true; to: CaseStatus }
  | { ok: false; reason: 'role' | 'state'; message: string };

/** Pure: may this actor take this action on a case in this state? */
export function checkTransition(
  action: CaseAction,
  from: CaseStatus,
  actor: Role | 'SYSTEM',
): TransitionCheck {
  const rule = CASE_ACTIONS[action];
  if (!(rule.roles as readonly string[]).includes(actor)) {
    return { ok: false, reason: 'role', message: `Peran ${actor} tidak boleh melakukan "${action}".` };
  }
  if (!(rule.from as readonly string[]).includes(from)) {
    return {
      ok: false,
      reason: 'state',
      message: `Aksi "${action}" tidak berlaku untuk kasus berstatus ${from}.`,
    };
  }
  return { ok: true, to: rule.to };
}
