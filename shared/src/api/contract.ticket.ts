import type { EndpointSpec } from './contract';

/** Endpoints of the tickets: reports, lifecycle, queues, figures, open data (issue 4). */
export const TICKET_API = {
} as const satisfies Record<string, EndpointSpec>;
