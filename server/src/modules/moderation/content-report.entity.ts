import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ModerationContentType, ReportReason } from '@linli/shared';

/**
 * A user's 举报. At most one open report per reporter and content: `open_key` is 1 while open and
 * NULL once closed, and (reporter, type, target, open_key) is unique (NULLs never clash).
 */
@Entity('content_reports')
@Index(['reporterId', 'targetType', 'targetId', 'openKey'], { unique: true })
export class ContentReportEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'reporter_id', type: 'integer' })
  reporterId: number;

  @Column({ name: 'target_type', type: 'varchar', length: 32 })
  targetType: ModerationContentType;

  @Column({ name: 'target_id', type: 'varchar', length: 64 })
  targetId: string;

  @Column({ type: 'varchar', length: 16 })
  reason: ReportReason;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Index()
  @Column({ name: 'item_id', type: 'integer' })
  itemId: number;

  @Column({ type: 'varchar', length: 16 })
  status: 'open' | 'closed';

  @Column({ name: 'open_key', type: 'integer', nullable: true })
  openKey: 1 | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'closed_at', type: 'datetime', nullable: true })
  closedAt: Date | null;
}
