import { t } from '../i18n/id.ts';

/** An API refusal with the server's own (Indonesian) message and, for input errors, the field. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

let csrfToken = '';

/** The CSRF token comes with the session (GET /api/auth/session); every write sends it back. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export const getCsrf = () => csrfToken;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiFailure(0, t.error.network);
  }
  if (res.status === 401) {
    location.assign('/login');
    throw new ApiFailure(401, t.error.generic);
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const error = (json as { error?: { message?: string; field?: string; code?: string } } | undefined)
      ?.error;
    throw new ApiFailure(res.status, error?.message ?? t.error.generic, error?.field, error?.code);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
};
