import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An API key of an Open311 GeoReport v2 client (a 311 app, an aggregator). Only its SHA-256 hash is
 * stored; the key is shown once when issued. Requests the client submits are entered in `unitPath`.
 */
@Entity('open311_api_keys')
export class Open311ApiKeyEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Index({ unique: true })
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ name: 'key_prefix', type: 'varchar', length: 12 })
  keyPrefix: string;

  @Column({ name: 'unit_id', type: 'integer' })
  unitId: number;

  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'datetime', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'datetime', nullable: true })
  revokedAt: Date | null;
}

/** Which key submitted which ticket (the submitter's personal fields are not stored). */
@Entity('open311_submissions')
export class Open311SubmissionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'api_key_id', type: 'integer' })
  apiKeyId: number;

  @Index({ unique: true })
  @Column({ name: 'ticket_id', type: 'integer' })
  ticketId: number;

  @Column({ name: 'media_url', type: 'varchar', length: 500, nullable: true })
  mediaUrl: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** The open-data tables' entities, registered in common/db/entities.ts. */
export const OPEN_DATA_ENTITIES: Function[] = [Open311ApiKeyEntity, Open311SubmissionEntity];
