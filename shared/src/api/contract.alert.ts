import type { EndpointSpec } from './contract';

/** Endpoints of the neighbourhood groups, police alerts, acknowledgements, tips (issue 7). */
export const ALERT_API = {
} as const satisfies Record<string, EndpointSpec>;
