import type { EndpointSpec } from './contract';

/** Endpoints of the shops, watch rotas, duty weeks, swaps, check-ins (issue 6). */
export const ROTA_API = {
} as const satisfies Record<string, EndpointSpec>;
