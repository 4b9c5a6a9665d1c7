import type { RoleRequestStatus } from '@linli/shared';

/** Status -> tag class. The tag always shows the status text too; colour only repeats it. */
export const ROLE_REQUEST_STATUS_TAG: Record<RoleRequestStatus, string> = {
  pending: 'tag--pending',
  approved: 'tag--ok',
  rejected: 'tag--bad',
  withdrawn: 'tag--neutral',
};
