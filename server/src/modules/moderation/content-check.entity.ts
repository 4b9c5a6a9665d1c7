import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ContentSuggest } from '@linli/shared';

/**
 * One call to WeChat's content check (or the decision that none was possible), kept for audit: trace
 * id, suggest and label. Image checks wait here for their push verdict (status `waiting`). The checked
 * text itself is not stored.
 */
@Entity('content_checks')
@Index(['status', 'createdAt'])
export class ContentCheckEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 8 })
  kind: 'text' | 'media';

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @Column({ type: 'integer' })
  scene: number;

  @Index()
  @Column({ name: 'trace_id', type: 'varchar', length: 64, nullable: true })
  traceId: string | null;

  @Column({ name: 'media_id', type: 'integer', nullable: true })
  mediaId: number | null;

  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  /**
   * waiting (image sent, no verdict yet), done (verdict applied), timeout (sent to manual review after
   * 30 minutes), unchecked (WeChat could not check it: no openid or WeChat failed).
   */
  @Column({ type: 'varchar', length: 16 })
  status: 'waiting' | 'done' | 'timeout' | 'unchecked';

  @Column({ type: 'varchar', length: 16, nullable: true })
  suggest: ContentSuggest | null;

  @Column({ type: 'integer', nullable: true })
  label: number | null;

  /** Why it was not checked or anything worth knowing (e.g. `61010`, `local blocklist`). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'datetime', nullable: true })
  completedAt: Date | null;
}
