import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import type { MetricsRow } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';
import { ChartCanvas } from './chart-canvas.tsx';

const OPTIONS = { responsive: true, maintainAspectRatio: false, animation: false } as const;

/** First-response p50/p90 per day and case volume per day and per channel. */
export function SlaCharts({ byDay, byChannel }: { byDay: MetricsRow[]; byChannel: MetricsRow[] }) {
  const response = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: byDay.map((r) => r.label),
        datasets: [
          {
            label: t.slaBoard.p50,
            data: byDay.map((r) => r.firstResponse.calendarMinutes.p50),
            borderColor: '#0b5cad',
          },
          {
            label: t.slaBoard.p90,
            data: byDay.map((r) => r.firstResponse.calendarMinutes.p90),
            borderColor: '#b71c1c',
          },
        ],
      },
      options: OPTIONS,
    }),
    [byDay],
  );
  const volume = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: byDay.map((r) => r.label),
        datasets: [{ label: t.slaBoard.cases, data: byDay.map((r) => r.cases), backgroundColor: '#0b4f6c' }],
      },
      options: OPTIONS,
    }),
    [byDay],
  );
  const channels = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: byChannel.map((r) => r.label),
        datasets: [
          { label: t.slaBoard.cases, data: byChannel.map((r) => r.cases), backgroundColor: '#a15c00' },
        ],
      },
      options: { ...OPTIONS, indexAxis: 'y' },
    }),
    [byChannel],
  );
  return (
    <div class="charts">
      <section class="panel">
        <h2>{t.slaBoard.firstResponseChart}</h2>
        <ChartCanvas config={response} label={t.slaBoard.firstResponseChart} />
      </section>
      <section class="panel">
        <h2>{t.slaBoard.volumeChart}</h2>
        <ChartCanvas config={volume} label={t.slaBoard.volumeChart} />
      </section>
      <section class="panel">
        <h2>{t.slaBoard.volumeChannel}</h2>
        <ChartCanvas config={channels} label={t.slaBoard.volumeChannel} />
      </section>
    </div>
  );
}
