import type { EndpointSpec } from './contract';

/** Media uploads and signed URLs (issue 3). */
export const MEDIA_API = {} as const satisfies Record<string, EndpointSpec>;
