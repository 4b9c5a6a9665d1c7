import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { GroupJoinVia, GroupMemberKind, GroupMemberRole, GroupMemberStatus } from '@linli/shared';

/**
 * A neighbourhood group (邻里群): Linli's own membership list for a street, community or grid, run by
 * community police. WeChat has no server API into group chats, so alerts reach members through the app
 * and subscription messages; a real WeChat group may be associated (opengid) only to suggest joining.
 */
@Entity('neighbourhood_groups')
export class GroupEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 30 })
  name: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  description: string | null;

  /** The unit the group is for (street, community or grid). */
  @Column({ name: 'unit_id', type: 'integer' })
  unitId: number;

  @Index()
  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  /** The police station (street) whose officers read the group's tips. */
  @Index()
  @Column({ name: 'station_path', type: 'varchar', length: 255 })
  stationPath: string;

  /** 8 characters; replaced on rotation (old codes and mini-program codes stop working). */
  @Index({ unique: true })
  @Column({ name: 'invite_code', type: 'varchar', length: 12 })
  inviteCode: string;

  /** The associated WeChat group's opengid (only used to suggest joining). */
  @Index()
  @Column({ name: 'wechat_opengid', type: 'varchar', length: 64, nullable: true })
  wechatOpengid: string | null;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/** One user's membership of one group, whatever its state (one row per group and user). */
@Entity('group_members')
@Index(['groupId', 'userId'], { unique: true })
@Index(['userId', 'status'])
@Index(['groupId', 'status', 'unitPath'])
export class GroupMemberEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'group_id', type: 'integer' })
  groupId: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 12 })
  role: GroupMemberRole;

  @Column({ type: 'varchar', length: 16 })
  kind: GroupMemberKind;

  @Column({ type: 'varchar', length: 12 })
  status: GroupMemberStatus;

  /** Where the member lives or works: a unit inside the group's (its unit when not given). */
  @Column({ name: 'unit_id', type: 'integer', nullable: true })
  unitId: number | null;

  /** Path of that unit: area alerts reach the members whose path lies inside the area. */
  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  @Column({ type: 'varchar', length: 16 })
  via: GroupJoinVia;

  /** The applicant's note to the officer. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  note: string | null;

  /** Why a request was rejected or a member removed. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reason: string | null;

  @Column({ name: 'reviewed_by', type: 'integer', nullable: true })
  reviewedBy: number | null;

  @Column({ name: 'reviewed_at', type: 'datetime', nullable: true })
  reviewedAt: Date | null;

  /** When the request was made (or re-made after leaving). */
  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}
