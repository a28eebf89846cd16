import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 联系人: a person at a company. */
@Entity('contacts')
export class Contact {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_contacts_company')
  @Column({ type: 'integer' })
  companyId: number;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  title: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  phone: string | null;

  /** digits only, without the +86 prefix, for 重复研判 */
  @Index('idx_contacts_normalized_phone')
  @Column({ type: 'varchar', length: 30, nullable: true })
  normalizedPhone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
