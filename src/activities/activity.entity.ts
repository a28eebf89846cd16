import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateColumn } from '../core/database/columns';

export const ACTIVITY_KINDS = ['visit_out', 'reception', 'negotiation', 'site_visit', 'call', 'event'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  visit_out: '外出拜访',
  reception: '来访接待',
  negotiation: '洽谈',
  site_visit: '实地考察',
  call: '电话/视频',
  event: '推介活动',
};

/** 跟进记录: something that happened with a project. */
@Entity('activities')
@Index('idx_activities_project_date', ['projectId', 'occurredOn'])
@Index('uq_activities_client_key', ['createdById', 'clientKey'], { unique: true })
export class Activity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  projectId: number;

  @Column({ type: 'varchar', length: 20 })
  kind: ActivityKind;

  @Index('idx_activities_occurred')
  @DateColumn({ nullable: false })
  occurredOn: string;

  @Column({ type: 'varchar', length: 2000 })
  summary: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  participants: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  /** 客商人次, for receptions */
  @Column({ type: 'integer', nullable: true })
  guestCount: number | null;

  /** 领导带队 */
  @Column({ type: 'boolean', default: false })
  leaderLed: boolean;

  @Column({ type: 'varchar', length: 100, nullable: true })
  leaderName: string | null;

  @Index('idx_activities_follow_up')
  @DateColumn()
  nextFollowUpOn: string | null;

  @Index('idx_activities_created_by')
  @Column({ type: 'integer' })
  createdById: number;

  /** compare-and-set version: an edit carries the one it read */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** the idempotency key the author's client sent with the POST (unique per author), or null */
  @Column({ type: 'varchar', length: 64, nullable: true })
  clientKey: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
