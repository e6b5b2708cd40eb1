/**
 * A deliberate refusal by a core rule (not a bug): status and code map straight onto the API's
 * `{ error: { code, message, field } }`, message in Bahasa Indonesia.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
