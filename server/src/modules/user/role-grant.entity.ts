import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DepartmentCode, Role } from '@linli/shared';

/** A role held by a user inside a unit (staff see and act only inside it). */
@Entity('role_grants')
@Index(['userId', 'role', 'unitId'], { unique: true })
export class RoleGrantEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index()
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 32 })
  role: Role;

  @Index()
  @Column({ name: 'unit_id', type: 'integer' })
  unitId: number;

  /** Department of a department_handler grant (`chengguan`); null for every other role. */
  @Column({ name: 'department_code', type: 'varchar', length: 32, nullable: true })
  departmentCode: DepartmentCode | null;

  /** Admin who approved it; null for seeded grants. */
  @Column({ name: 'granted_by', type: 'integer', nullable: true })
  grantedBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}
