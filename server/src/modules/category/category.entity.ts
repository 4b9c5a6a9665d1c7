import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MajorCategoryDefinition, MinorCategoryDefinition } from '@linli/shared';
import { jsonText } from '../../common/db/json.transformer';

/**
 * A catalogue entry (major or minor category) pointing at its current version. The current definition
 * is copied here (`definition`) so the catalogue is read from one table; the history is in
 * `category_versions`.
 */
@Entity('categories')
@Index(['kind', 'majorCode'])
export class CategoryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 8 })
  kind: 'major' | 'minor';

  /** Major category of a minor; null for a major. */
  @Column({ name: 'major_code', type: 'varchar', length: 16, nullable: true })
  majorCode: string | null;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Version the definition below is; also the optimistic lock of edits. */
  @Column({ name: 'current_version', type: 'integer' })
  currentVersion: number;

  @Column({ type: 'text', transformer: jsonText })
  definition: MajorCategoryDefinition | MinorCategoryDefinition;

  /** Position in lists (the catalogue's own order). */
  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}
