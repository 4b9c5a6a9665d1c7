import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person using Linli. Everyone is a resident; other roles are RoleGrantEntity rows. */
@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** WeChat openid for this mini-program; null once the account is deleted. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  openid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid: string | null;

  /** Key of a seeded demo account (demo mode only), else null. */
  @Index({ unique: true })
  @Column({ name: 'demo_key', type: 'varchar', length: 40, nullable: true })
  demoKey: string | null;

  @Column({ type: 'varchar', length: 40 })
  nickname: string;

  @Column({ name: 'avatar_url', type: 'varchar', length: 500, nullable: true })
  avatarUrl: string | null;

  /** AES-256-GCM ciphertext of the phone number (base64 iv.tag.data); never logged or sent. */
  @Column({ name: 'phone_enc', type: 'varchar', length: 255, nullable: true })
  phoneEnc: string | null;

  /** HMAC-SHA256 of the phone number, to find a user by phone without decrypting every row. */
  @Index()
  @Column({ name: 'phone_hash', type: 'varchar', length: 64, nullable: true })
  phoneHash: string | null;

  @Column({ name: 'deleted_at', type: 'datetime', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}
