import { useEffect, useState } from 'preact/hooks';
import type { SlaExplanation } from '../../api/types.ts';
import { formatDuration, formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';

interface Clock {
  clock: string;
  targetText: string;
  dueAt: string | null;
  dueWithoutPauses: string;
  days: { date: string; counted: boolean; minutes: number; reason?: string }[];
}
interface Explanation {
  zoneLabel: string;
  startedAt: string;
  clocks: Clock[];
  pauses: { from: string; to: string | null }[];
  events: { kind: string; level: string; dueAt: string; firedAt: string }[];
}

function Countdown({
  label,
  dueAt,
  doneAt,
  timeZone,
}: {
  label: string;
  dueAt: string | null;
  doneAt: string | null;
  timeZone: string;
}) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!dueAt || doneAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [dueAt, doneAt]);
  if (!dueAt) return null;
  const left = Date.parse(dueAt) - now;
  return (
    <div class={`countdown ${!doneAt && left < 0 ? 'overdue' : ''}`}>
      <span>{label}</span>
      <strong>
        {doneAt
          ? formatTime(doneAt, timeZone)
          : left >= 0
            ? t.case.left(formatDuration(left))
            : t.case.overdue(formatDuration(left))}
      </strong>
      <small>{formatTime(dueAt, timeZone)}</small>
    </div>
  );
}

/** SLA timers counting down, and how the deadline was computed (GET /api/cases/:id/sla). */
export function SlaPanel(props: {
  firstResponseDueAt: string | null;
  firstResponseAt: string | null;
  resolutionDueAt: string | null;
  timeZone: string;
  sla: SlaExplanation | null;
}) {
  const explanation = props.sla?.explanation as Explanation | null | undefined;
  return (
    <section class="panel sla-panel">
      <h2>{t.case.sla}</h2>
      <Countdown
        label={t.case.firstResponse}
        dueAt={props.firstResponseDueAt}
        doneAt={props.firstResponseAt}
        timeZone={props.timeZone}
      />
      <Countdown
        label={t.case.resolution}
        dueAt={props.resolutionDueAt}
        doneAt={props.sla?.resolvedAt ?? null}
        timeZone={props.timeZone}
      />
      {explanation && (
        <details class="explain">
          <summary>{t.case.howComputed}</summary>
          <p>
            {explanation.startedAt} {explanation.zoneLabel}
          </p>
          {explanation.clocks.map((c) => (
            <div key={c.clock}>
              <h3>
                {c.clock === 'first' ? t.case.firstResponse : t.case.resolution}: {c.targetText}
              </h3>
              <p>
                {c.dueAt ?? c.dueWithoutPauses} {explanation.zoneLabel}
              </p>
              {c.days.length > 0 && (
                <ul class="days">
                  {c.days.map((d) => (
                    <li key={d.date} class={d.counted ? '' : 'skipped'}>
                      {d.date}: {d.counted ? t.duration.minutes(d.minutes) : d.reason}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </details>
      )}
    </section>
  );
}
