import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn } from '../core/database/columns';

export const AUDIT_ENTITIES = ['project', 'company', 'user', 'team', 'dictionary', 'target'] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** Who changed what, when: written in the same transaction as the change. */
@Entity('audit_logs')
@Index('idx_audit_entity', ['entity', 'entityId'])
export class AuditLog {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 30 })
  entity: AuditEntity;

  @Column({ type: 'varchar', length: 60 })
  entityId: string;

  /** e.g. create, update, transition, revert, activity.create, funds.put */
  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @JsonColumn()
  before: Record<string, unknown> | null;

  @JsonColumn()
  after: Record<string, unknown> | null;

  @CreateDateColumn()
  createdAt: Date;
}
