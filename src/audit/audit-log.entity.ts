import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn } from '../core/database/columns';

export const AUDIT_ENTITIES = ['project', 'company', 'user', 'team', 'dictionary', 'target', 'demo_data', 'display_link', 'import'] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const AUDIT_ENTITY_LABELS: Record<AuditEntity, string> = {
  project: '项目',
  company: '企业',
  user: '用户',
  team: '团队',
  dictionary: '字典',
  target: '年度目标',
  demo_data: '演示数据',
  display_link: '大屏链接',
  import: '导入',
};

/** Every action a service records; a new one needs its label here before it compiles. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'transition',
  'revert',
  'activity.create',
  'activity.update',
  'activity.delete',
  'contact.create',
  'contact.update',
  'contact.delete',
  'milestone.create',
  'milestone.update',
  'funds.put',
  'handover',
  'password.change',
  'password.reset',
  'login.unlock',
  'delete',
  'merge',
  'merge.receive',
  'demo.remove',
  'revoke',
  'import',
  'import.commit',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  create: '新建',
  update: '修改',
  transition: '推进阶段',
  revert: '撤回阶段变更',
  'activity.create': '新增跟进记录',
  'activity.update': '修改跟进记录',
  'activity.delete': '删除跟进记录',
  'contact.create': '新增联系人',
  'contact.update': '修改联系人',
  'contact.delete': '删除联系人',
  'milestone.create': '新增节点',
  'milestone.update': '修改节点',
  'funds.put': '填报到位资金',
  handover: '移交',
  'password.change': '修改本人密码',
  'password.reset': '重置密码',
  'login.unlock': '解除登录锁定',
  delete: '删除',
  merge: '企业合并',
  'merge.receive': '接收合并',
  'demo.remove': '清除演示数据',
  revoke: '撤销',
  import: 'Excel 导入',
  'import.commit': '提交导入',
};

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

  @Column({ type: 'varchar', length: 40 })
  action: AuditAction;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @JsonColumn()
  before: Record<string, unknown> | null;

  @JsonColumn()
  after: Record<string, unknown> | null;

  @CreateDateColumn()
  createdAt: Date;
}
