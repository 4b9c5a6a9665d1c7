import type { EndpointSpec } from './contract';

/** Endpoints of the catalogue of categories, departments, work calendar (issue 4). */
export const CATEGORY_API = {
} as const satisfies Record<string, EndpointSpec>;
