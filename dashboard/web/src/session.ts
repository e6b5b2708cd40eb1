import { api, setCsrfToken } from './api/http.ts';
import type { SessionUser } from './api/types.ts';

/** The signed-in user and the CSRF token, read once at start (the page itself required a session). */
export async function loadSession(): Promise<SessionUser> {
  const body = await api.get<{ user: SessionUser; csrfToken: string }>('/api/auth/session');
  setCsrfToken(body.csrfToken);
  return body.user;
}
