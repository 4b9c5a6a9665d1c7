import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MajorCategoryDefinition, MinorCategoryDefinition } from '@linli/shared';
import { jsonText } from '../../common/db/json.transformer';

/**
 * One saved version of a category (append-only). Tickets point at (code, version), so a version row is
 * never changed or deleted.
 */
@Entity('category_versions')
@Index(['code', 'version'], { unique: true })
export class CategoryVersionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 8 })
  kind: 'major' | 'minor';

  /** The full definition as saved. */
  @Column({ type: 'text', transformer: jsonText })
  snapshot: MajorCategoryDefinition | MinorCategoryDefinition;

  /** Admin who saved it; null for the built-in catalogue. */
  @Column({ name: 'editor_id', type: 'integer', nullable: true })
  editorId: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}
