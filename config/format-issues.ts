import type { z } from 'zod';

/** "channels[2].pollIntervalSeconds: expected a number ≥ 5" — one line per issue, key path first. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string {
  return issues.map((issue) => `  ${prefix}${formatPath(issue.path)}: ${issue.message}`).join('\n');
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}
