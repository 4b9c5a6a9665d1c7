/**
 * The report being written, kept on this device (Taro storage) after every change, so a weak network,
 * a closed page or a killed app loses nothing. Each draft gets ONE idempotency key when it is created;
 * every submission of that draft (retries included) carries it, so the server answers a repeat with the
 * report it already made instead of a second one. The draft is dropped once the server accepted it.
 *
 * Drafts and recently used categories are kept per user (another account on the same phone does not
 * see them).
 */
import { newIdempotencyKey } from '../../../api/tickets';
import { readJson, writeJson } from '../../../utils/storage';
import type { PickedLocation } from '../../../components/LocationPicker';

export type AnswerValue = string | number | string[];

/** An uploaded photo of the draft (its signed link may have expired when the draft is restored). */
export interface DraftPhoto {
  id: number;
  thumbUrl: string;
  urlExpiresAt: string;
}

export interface ReportDraft {
  /** Generated once per draft; sent with every attempt. */
  idempotencyKey: string;
  categoryCode: string | null;
  categoryName: string | null;
  description: string;
  photos: DraftPhoto[];
  location: PickedLocation | null;
  answers: Record<string, AnswerValue>;
  anonymous: boolean;
  protectedReporter: boolean;
  /** Building head reporting for a neighbour (with the neighbour's consent). */
  onBehalf: { enabled: boolean; name: string; consent: boolean };
  /** Where the report comes from (`duty_patrol` when opened from a duty check-in). */
  source: string;
  /** Set when the last attempt failed on the network: the page explains the draft is kept. */
  pendingSubmit: boolean;
  updatedAt: string;
}

export { newIdempotencyKey };

export function emptyDraft(source = 'resident'): ReportDraft {
  return {
    idempotencyKey: newIdempotencyKey(),
    categoryCode: null,
    categoryName: null,
    description: '',
    photos: [],
    location: null,
    answers: {},
    anonymous: false,
    protectedReporter: false,
    onBehalf: { enabled: false, name: '', consent: false },
    source,
    pendingSubmit: false,
    updatedAt: new Date().toISOString(),
  };
}

const draftKey = (userId: number) => `linli.ticketDraft.${userId}`;
const recentKey = (userId: number) => `linli.recentCategories.${userId}`;

/** Has the user written anything worth keeping? */
export function hasContent(d: ReportDraft): boolean {
  return Boolean(d.categoryCode || d.description.trim() || d.photos.length || d.location || Object.keys(d.answers).length);
}

export const draftStore = {
  load(userId: number): ReportDraft | null {
    const d = readJson<ReportDraft>(draftKey(userId));
    if (!d || typeof d.idempotencyKey !== 'string' || d.idempotencyKey.length < 8) return null;
    // Fill fields added after the draft was saved by an older version.
    return { ...emptyDraft(d.source), ...d, onBehalf: { ...emptyDraft().onBehalf, ...(d.onBehalf ?? {}) } };
  },
  save(userId: number, draft: ReportDraft): void {
    writeJson(draftKey(userId), { ...draft, updatedAt: new Date().toISOString() });
  },
  clear(userId: number): void {
    writeJson(draftKey(userId), null);
  },
};

export interface RecentCategory {
  code: string;
  name: string;
}

const MAX_RECENT = 6;

export const recentCategories = {
  list(userId: number): RecentCategory[] {
    const list = readJson<RecentCategory[]>(recentKey(userId));
    return Array.isArray(list) ? list.filter((c) => c && typeof c.code === 'string').slice(0, MAX_RECENT) : [];
  },
  /** Moves the category to the front (after a successful report). */
  remember(userId: number, c: RecentCategory): void {
    const next = [c, ...recentCategories.list(userId).filter((x) => x.code !== c.code)].slice(0, MAX_RECENT);
    writeJson(recentKey(userId), next);
  },
};
