import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { DepartmentCode, Role, RoleRequestStatus } from '@linli/shared';

/** A user's request for a role in a unit, reviewed by an admin of that unit. */
@Entity('role_requests')
@Index(['unitId', 'status'])
@Index(['userId', 'status'])
export class RoleRequestEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 32 })
  role: Role;

  @Column({ name: 'unit_id', type: 'integer' })
  unitId: number;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  /** Department of a department_handler request; the grant gets it on approval. */
  @Column({ name: 'department_code', type: 'varchar', length: 32, nullable: true })
  departmentCode: DepartmentCode | null;

  @Column({ type: 'varchar', length: 16 })
  status: RoleRequestStatus;

  @Column({ name: 'review_note', type: 'varchar', length: 200, nullable: true })
  reviewNote: string | null;

  @Column({ name: 'reviewed_by', type: 'integer', nullable: true })
  reviewedBy: number | null;

  @Column({ name: 'reviewed_at', type: 'datetime', nullable: true })
  reviewedAt: Date | null;

  /** Optimistic lock: two admins reviewing at once cannot both win. */
  @VersionColumn({ type: 'integer' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}
