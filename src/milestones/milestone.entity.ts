import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateColumn } from '../core/database/columns';

/** 节点计划 / 倒排工期: a planned date for a project step (供地, 开工, 投产 …). */
@Entity('milestones')
export class Milestone {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_milestones_project')
  @Column({ type: 'integer' })
  projectId: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('idx_milestones_planned')
  @DateColumn({ nullable: false })
  plannedOn: string;

  @DateColumn()
  completedOn: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
