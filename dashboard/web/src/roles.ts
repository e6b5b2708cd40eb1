import type { Role } from './api/types.ts';
import type { Route } from './router.ts';

/** Which roles see which view; the server enforces the same on the page and its API routes. */
export const VIEW_ROLES: Record<Route['view'], readonly Role[]> = {
  queue: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
  case: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
  review: ['VALIDATOR', 'SUPERVISOR'],
  sla: ['SUPERVISOR', 'ADMIN'],
  hoaks: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
  channels: ['SUPERVISOR', 'ADMIN'],
};

export const canSee = (role: Role, view: Route['view']) => VIEW_ROLES[view].includes(role);
