import { expect } from 'vitest';
import { ConnectorError } from '../../worker/connectors/types.ts';

/**
 * The ConnectorError a call rejects with; fails the test if the call resolves or throws something else.
 * `secrets` must not leak into the error's message or raw body, whatever the failure was.
 */
export async function rejection(
  promise: Promise<unknown>,
  secrets: readonly string[] = [],
): Promise<ConnectorError> {
  const error = await promise.then(
    () => new Error('expected a ConnectorError, the call succeeded'),
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectorError)) throw error;
  for (const secret of secrets) {
    expect(error.message).not.toContain(secret);
    expect(error.details.raw ?? '').not.toContain(secret);
  }
  return error;
}
