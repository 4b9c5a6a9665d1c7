import type { EndpointSpec } from './contract';

/** Content checks, moderation queue, user reports, audit log, WeChat push (issue 3). */
export const MODERATION_API = {} as const satisfies Record<string, EndpointSpec>;
