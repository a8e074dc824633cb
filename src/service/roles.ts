/** What one `wiredesk start` process does: `all` (poll and serve), `worker` (poll, never listen), `web` (serve, never poll). */
import { WiredeskError } from '../model/errors.js';

export const SERVICE_ROLES = ['all', 'worker', 'web'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export function parseRole(value: unknown): ServiceRole {
  const role = value ?? 'all';
  if (typeof role === 'string' && (SERVICE_ROLES as readonly string[]).includes(role)) return role as ServiceRole;
  throw new WiredeskError('CONFIG_INVALID', `start: --role must be one of ${SERVICE_ROLES.join(', ')} (got "${String(role)}")`);
}

export const polls = (role: ServiceRole): boolean => role !== 'web';
export const serves = (role: ServiceRole): boolean => role !== 'worker';
