/** Every successful response of Linli's own API. Errors use `ApiErrorBody` from errors.ts. */
export interface ApiOk<T> {
  ok: true;
  data: T;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, null on the last one. */
  nextCursor: string | null;
}
