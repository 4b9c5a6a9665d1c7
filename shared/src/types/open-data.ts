import type { UnitRef } from './unit';

/** An Open311 API key as admins see it (never the key itself, which is shown once when issued). */
export interface Open311ApiKeyResponse {
  id: number;
  /** The client it was issued to (a 311 app, an aggregator). */
  name: string;
  /** First characters of the key, to tell keys apart. */
  keyPrefix: string;
  /** Requests submitted with the key are entered in this unit. */
  unit: UnitRef;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** POST /admin/open311/keys: the key in full, this once. */
export interface IssuedOpen311KeyResponse {
  key: string;
  apiKey: Open311ApiKeyResponse;
}
