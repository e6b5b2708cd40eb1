import { APP_PAGES } from '../routes/queue-page.ts';
import type { DocumentedRoute } from './openapi.ts';

/** Routes outside the typed API registry (pages, health, auth form and JSON auth), for the OpenAPI document. */
export const DOCUMENTED_ROUTES: readonly DocumentedRoute[] = [
  { method: 'get', path: '/healthz', summary: 'Database and Redis health', roles: 'public' },
  { method: 'get', path: '/login', summary: 'Login form', roles: 'public' },
  {
    method: 'post',
    path: '/login',
    summary: 'Login form submit (fields username, password)',
    roles: 'public',
  },
  {
    method: 'post',
    path: '/logout',
    summary: 'Logout (form; needs _csrf when signed in, a no-op without a session)',
    roles: 'public',
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Login with {"username","password"}; sets the session cookie',
    roles: 'public',
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Logout (needs x-csrf-token when signed in; a no-op without a session)',
    roles: 'public',
  },
  {
    method: 'get',
    path: '/api/auth/session',
    summary: 'The signed-in user and the CSRF token',
    roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
  },
  ...APP_PAGES.map((p) => ({ method: 'get' as const, path: p.path, summary: p.summary, roles: p.roles })),
  { method: 'get', path: '/admin', summary: 'Channel health and processing failures page', roles: ['ADMIN'] },
  {
    method: 'get',
    path: '/api/cases',
    summary:
      'Case queue (own agency; supervisors and admins their subtree): filters category, channelId, status, assigneeId (id, me, none), slaState, search q, keyset cursor before, limit ≤ 200; counts per category',
    roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
  },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', roles: 'public' },
  {
    method: 'get',
    path: '/webhooks/meta/:channelId',
    summary: "Meta webhook subscription handshake (hub.verify_token must match the channel's verifyToken)",
    roles: 'public',
  },
  {
    method: 'post',
    path: '/webhooks/meta/:channelId',
    summary: "Meta webhook delivery; X-Hub-Signature-256 must match the raw body and the channel's appSecret",
    roles: 'public',
  },
];
