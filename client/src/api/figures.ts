/**
 * Figures (dashboard), the public board of tickets and the Open311 API keys (issue 4). Typed through
 * the shared contract (api/request.ts).
 */
import type { CreateOpen311KeyInput, FiguresQuery, TicketBoardQuery } from '@linli/shared';
import { API_BASE } from '../constants/env';
import { call } from './request';
import { downloadFile } from './download';

/** The figures of a period (docs/FIGURES.md), optionally grouped. */
export const fetchFigures = (query: FiguresQuery) => call('figures', { query });

/** Public, non-sensitive tickets near a point, nearest first (no sign-in needed). */
export const fetchBoard = (query: Partial<TicketBoardQuery> & Pick<TicketBoardQuery, 'lat' | 'lng'>) => call('ticketBoard', { query });

/** Open311 API keys of my units (admins). */
export const fetchOpen311Keys = () => call('open311Keys');

/** Issues a key; the answer carries the key itself, this once. */
export const createOpen311Key = (input: CreateOpen311KeyInput) => call('createOpen311Key', { body: input });

export const revokeOpen311Key = (id: number) => call('revokeOpen311Key', { params: { id } });

/** The query string of a figures query (empty values left out). */
export function figuresQueryString(query: Partial<FiguresQuery>): string {
  return Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/**
 * H5 only: downloads the figures as CSV (same query) with the bearer token and saves it through a
 * temporary link. The mini-program cannot save arbitrary files, so it shows the figures only.
 */
export async function downloadFiguresCsv(query: FiguresQuery): Promise<void> {
  return downloadFile(`${API_BASE}/figures/export?${figuresQueryString(query)}`, 'figures.csv', { withToken: true });
}
