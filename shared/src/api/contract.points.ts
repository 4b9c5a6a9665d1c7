import type { EndpointSpec } from './contract';

/** Endpoints of the points ledger, earning rules, rewards, redemption (issue 5). */
export const POINTS_API = {
} as const satisfies Record<string, EndpointSpec>;
