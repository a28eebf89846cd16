import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A read-only link for the meeting-room screen (大屏): whoever holds its key
 * reads the district's display figures and nothing else, until an admin
 * revokes it. Only the key's SHA-256 is kept.
 */
@Entity('display_links')
@Index('uq_display_links_key_hash', ['keyHash'], { unique: true })
export class DisplayLink {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;
}
