import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText } from '../db/json.transformer';

/** Append-only record of a staff action. Nothing in the product updates or deletes these rows. */
@Entity('audit_logs')
@Index(['unitPath', 'createdAt'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'actor_id', type: 'integer' })
  actorId: number;

  /** The role the actor acted in, e.g. admin. */
  @Column({ name: 'actor_role', type: 'varchar', length: 32 })
  actorRole: string;

  /** Path of the unit the action belongs to, for per-unit reading. */
  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  /** e.g. role_request.approve, units.import_divisions. */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'target_type', type: 'varchar', length: 32 })
  targetType: string;

  @Column({ name: 'target_id', type: 'varchar', length: 64, nullable: true })
  targetId: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  before: object | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  after: object | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}
