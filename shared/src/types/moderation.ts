import type { ContentSuggest, ModerationContentType, ModerationSource, ModerationStatus, ReportReason } from '../constants/moderation';

/** One entry of the moderation queue. */
export interface ModerationItemResponse {
  id: number;
  contentType: ModerationContentType;
  contentTypeLabel: string;
  targetId: string;
  /** The text concerned (a nickname, later a report's text), shortened. */
  excerpt: string | null;
  mediaId: number | null;
  /** A short-lived URL of the image for moderators, when the media module can sign one. */
  thumbnailUrl: string | null;
  owner: { id: number; nickname: string } | null;
  unitName: string | null;
  source: ModerationSource;
  sourceLabel: string;
  status: ModerationStatus;
  statusLabel: string;
  /** The last moderator's reason. */
  reason: string | null;
  /** Open user reports on this content. */
  reportCount: number;
  /** WeChat's verdict, kept for audit. */
  traceId: string | null;
  suggest: ContentSuggest | null;
  label: number | null;
  reviewer: { id: number; nickname: string } | null;
  reviewedAt: string | null;
  createdAt: string;
  /** Send it back with hide/restore: a changed item answers 409. */
  version: number;
}

export interface ContentReportResponse {
  id: number;
  targetType: ModerationContentType;
  targetId: number;
  reason: ReportReason;
  reasonLabel: string;
  status: 'open' | 'closed';
  createdAt: string;
}

export interface AuditLogResponse {
  id: number;
  actor: { id: number; nickname: string; role: string; roleLabel: string };
  action: string;
  actionLabel: string;
  targetType: string;
  targetId: string | null;
  unitPath: string;
  before: unknown;
  after: unknown;
  createdAt: string;
}
