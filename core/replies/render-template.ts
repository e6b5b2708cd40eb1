/** The variables a reply template may use. */
export const TEMPLATE_VARIABLES = ['nama', 'nomor_register', 'tautan', 'instansi'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateVars = Partial<Record<TemplateVariable, string | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

/**
 * Fills `{{nama}}`, `{{nomor_register}}`, `{{tautan}}` and `{{instansi}}` (spaces inside the braces allowed).
 * A placeholder that is unknown, or whose value is missing or empty, stays as written so the validator sees
 * it before anything is published. Values are plain text: inserted as they are, in one pass, so a value
 * that itself contains `{{…}}` is never expanded again.
 */
export function renderTemplate(body: string, vars: TemplateVars): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    if (!KNOWN.has(name)) return whole;
    const value = vars[name as TemplateVariable];
    return value == null || value.trim() === '' ? whole : value;
  });
}

/** Placeholders a template uses that renderTemplate does not know (typos such as `{{nma}}`). */
export function unknownPlaceholders(body: string): string[] {
  const names = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !KNOWN.has(n)))];
}
