import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ROLES = ['admin', 'leader', 'manager', 'officer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const DATA_SCOPES = ['all', 'team', 'own'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

/** DOMAIN.md "Who sees what": the scope a role gets unless set otherwise. */
export const DEFAULT_SCOPE: Record<Role, DataScope> = {
  admin: 'all',
  leader: 'all',
  viewer: 'all',
  manager: 'team',
  officer: 'team',
};

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 100, select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ type: 'varchar', length: 10 })
  dataScope: DataScope;

  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  phone: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
