import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { LngLat, UnitLevel } from '@linli/shared';
import { jsonText } from '../../common/db/json.transformer';

/** One node of the jurisdiction tree: district > street > community > grid. */
@Entity('units')
export class UnitEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Official administrative division code (grids: community code + 3 digits). */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: UnitLevel;

  @Index()
  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId: number | null;

  /** Materialised path of codes, `/320111/320111001/`, so subtree checks are a prefix test. */
  @Index()
  @Column({ type: 'varchar', length: 255 })
  path: string;

  /** GeoJSON Polygon coordinates (GCJ-02), for grids. */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  polygon: LngLat[][] | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}
