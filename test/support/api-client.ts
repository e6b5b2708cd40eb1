import { TEST_PASSWORD } from './system.ts';

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  body: any;
}

/** A signed-in API user: session cookie plus CSRF token, as the browser would send them. */
export async function apiAs(baseUrl: string, username: string, password = TEST_PASSWORD) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const session = await (await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie } })).json();
  const call = async (method: string, path: string, body?: unknown, csrf = true): Promise<ApiResponse> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': session.csrfToken } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    user: session.user as { id: string; role: string; agencyId: string },
    cookie,
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown = {}, opts: { csrf?: boolean } = {}) =>
      call('POST', path, body, opts.csrf ?? true),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
  };
}
export type ApiUser = Awaited<ReturnType<typeof apiAs>>;
