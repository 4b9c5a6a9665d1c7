import type { EndpointSpec } from './contract';

/** Notifications: inbox, subscription credits (issue 3). */
export const NOTIFICATION_API = {} as const satisfies Record<string, EndpointSpec>;
