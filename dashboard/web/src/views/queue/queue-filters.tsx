import type { CaseSummary } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';
import type { QueueFilter } from './queue-filter.ts';

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

export function QueueFilters({
  filter,
  cases,
  onChange,
}: {
  filter: QueueFilter;
  cases: CaseSummary[];
  onChange: (name: keyof QueueFilter, value: string) => void;
}) {
  const channels = [...new Set(cases.map((c) => c.channelId))].sort();
  return (
    <div class="filters">
      <input
        type="search"
        name="search"
        class="search"
        placeholder={t.queue.search}
        aria-label={t.queue.search}
        value={filter.search}
        onInput={(e) => onChange('search', (e.target as HTMLInputElement).value)}
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
        name="channel"
        value={filter.channel}
        options={channels.map((c) => [c, c])}
        onChange={onChange}
      />
      <Select
        label={t.queue.filterStatus}
        name="status"
        value={filter.status}
        options={Object.entries(t.status)}
        onChange={onChange}
      />
      <Select
        label={t.queue.filterAssignee}
        name="assignee"
        value={filter.assignee}
        options={[
          ['mine', t.queue.mine],
          ['unassigned', t.queue.unassigned],
        ]}
        onChange={onChange}
      />
      <Select
        label={t.queue.filterSla}
        name="sla"
        value={filter.sla}
        options={Object.entries(t.sla)}
        onChange={onChange}
      />
    </div>
  );
}
