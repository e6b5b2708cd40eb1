import { useEffect, useState } from 'preact/hooks';
import type { CaseSummary } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';
import type { QueueFilter } from './queue-filter.ts';

const SEARCH_DELAY_MS = 250;

function Select(props: {
  label: string;
  name: keyof QueueFilter;
  value: string;
  options: [string, string][];
  onChange: (name: keyof QueueFilter, value: string) => void;
}) {
  return (
    <label class="filter">
      <span>{props.label}</span>
      <select
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange(props.name, (e.target as HTMLSelectElement).value)}
      >
        <option value="">{t.queue.all}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The filter bar; the search box waits for a pause in typing before it asks the server. */
export function QueueFilters({
  filter,
  cases,
  channels,
  onChange,
}: {
  filter: QueueFilter;
  cases: CaseSummary[];
  channels: string[];
  onChange: (name: keyof QueueFilter, value: string) => void;
}) {
  const [q, setQ] = useState(filter.q);
  useEffect(() => {
    if (q === filter.q) return;
    const timer = setTimeout(() => onChange('q', q), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [q, filter.q, onChange]);
  // Named assignees are those of the loaded rows (plus the one selected); "mine" and "none" always exist.
  const assignees = new Map<string, string>();
  for (const c of cases) if (c.assigneeId) assignees.set(c.assigneeId, c.assigneeName ?? c.assigneeId);
  if (filter.assigneeId && !['me', 'none'].includes(filter.assigneeId) && !assignees.has(filter.assigneeId))
    assignees.set(filter.assigneeId, filter.assigneeId);
  return (
    <div class="filters">
      <input
        type="search"
        name="q"
        class="search"
        placeholder={t.queue.search}
        aria-label={t.queue.search}
        value={q}
        onInput={(e) => setQ((e.target as HTMLInputElement).value)}
      />
      <Select
        label={t.queue.filterCategory}
        name="category"
        value={filter.category}
        options={Object.entries(t.category)}
        onChange={onChange}
      />
      <Select
        label={t.queue.filterChannel}
        name="channelId"
        value={filter.channelId}
        options={channels.map((c) => [c, c])}
        onChange={onChange}
      />
      <Select
        label={t.queue.filterStatus}
        name="status"
        value={filter.status}
        options={[['open', t.queue.openOnly], ...Object.entries(t.status)]}
        onChange={onChange}
      />
      <Select
        label={t.queue.filterAssignee}
        name="assigneeId"
        value={filter.assigneeId}
        options={[
          ['me', t.queue.mine],
          ['none', t.queue.unassigned],
          ...[...assignees.entries()].sort((a, b) => a[1].localeCompare(b[1], 'id')),
        ]}
        onChange={onChange}
      />
      <Select
        label={t.queue.filterSla}
        name="slaState"
        value={filter.slaState}
        options={Object.entries(t.sla)}
        onChange={onChange}
      />
    </div>
  );
}
