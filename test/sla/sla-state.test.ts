import { describe, expect, it } from 'vitest';
import type { CaseClockPolicy } from '../../core/sla/case-clock.ts';
import { epochKind, parseKind, type SlaStateInput, slaStateOf } from '../../core/sla/sla-state.ts';

const BOTH: CaseClockPolicy = {
  firstResponse: { workingHours: 2 },
  resolution: { workingDays: 5 },
  warnAt: [0.5],
};
const FIRST_ONLY: CaseClockPolicy = { firstResponse: { calendarHours: 2 }, warnAt: [0.5] };
const due = new Date('2026-03-03T05:00:00Z');
const early = new Date('2026-03-03T04:00:00Z');
const late = new Date('2026-03-03T06:00:00Z');

function state(over: Partial<SlaStateInput>) {
  return slaStateOf({
    policy: BOTH,
    epoch: 0,
    eventKinds: [],
    firstResponseAt: null,
    firstResponseDueAt: due,
    resolvedAt: null,
    resolutionDueAt: new Date('2026-03-10T09:00:00Z'),
    ...over,
  });
}

describe('SLA state from stored facts', () => {
  it('is ON_TRACK, then AT_RISK on a warning, BREACHED on a breach', () => {
    expect(state({})).toBe('ON_TRACK');
    expect(state({ eventKinds: ['first-warn50'] })).toBe('AT_RISK');
    expect(state({ eventKinds: ['first-warn50', 'first-breach'] })).toBe('BREACHED');
  });

  it('drops a finished clock’s warning: answered in time after a warning is back on track', () => {
    expect(state({ eventKinds: ['first-warn50'], firstResponseAt: early })).toBe('ON_TRACK');
    expect(state({ eventKinds: ['first-warn50', 'resolution-warn50'], firstResponseAt: early })).toBe(
      'AT_RISK',
    );
  });

  it('is MET once every clock of the policy finished in time', () => {
    expect(state({ policy: FIRST_ONLY, firstResponseAt: early })).toBe('MET');
    expect(state({ firstResponseAt: early })).toBe('ON_TRACK');
    expect(state({ firstResponseAt: early, resolvedAt: early })).toBe('MET');
    // Closed without a reply (spam) before the first-response deadline.
    expect(state({ resolvedAt: early })).toBe('MET');
  });

  it('is BREACHED when an answer came after its deadline, even with no breach event recorded', () => {
    expect(state({ policy: FIRST_ONLY, firstResponseAt: late })).toBe('BREACHED');
    expect(state({ resolvedAt: late })).toBe('BREACHED');
  });

  it('counts only the current epoch’s events after a forward restarted the clocks', () => {
    expect(state({ epoch: 1, eventKinds: ['first-warn50', 'first-breach'] })).toBe('ON_TRACK');
    expect(state({ epoch: 1, eventKinds: ['first-breach', 'e1-first-warn50'] })).toBe('AT_RISK');
  });

  it('has no state to track without a policy', () => {
    expect(state({ policy: null, eventKinds: ['first-breach'] })).toBe('ON_TRACK');
  });

  it('round-trips epoch kinds', () => {
    expect(epochKind(0, 'first-warn50')).toBe('first-warn50');
    expect(epochKind(2, 'resolution-breach')).toBe('e2-resolution-breach');
    expect(parseKind('e2-resolution-breach')).toEqual({ epoch: 2, clock: 'resolution', level: 'breach' });
    expect(parseKind('first-warn80')).toEqual({ epoch: 0, clock: 'first', level: 'warning' });
    expect(parseKind('first-later')).toBeNull();
  });
});
