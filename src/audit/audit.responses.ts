import { type AllAnswered, type Answers, type NamedEnum, OutEnum, OutFreeForm, OutInt, OutText, OutTimestamp, PageOf } from '../core/http/api-docs';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_ENTITIES, AUDIT_ENTITY_LABELS, type AuditAction, type AuditEntity } from './audit-log.entity';
import type { AuditService } from './audit.service';

const AUDIT_ENTITY_ENUM: NamedEnum<AuditEntity> = { name: 'AuditEntity', values: AUDIT_ENTITIES, labels: AUDIT_ENTITY_LABELS };
const AUDIT_ACTION_ENUM: NamedEnum<AuditAction> = { name: 'AuditAction', values: AUDIT_ACTIONS, labels: AUDIT_ACTION_LABELS };

/** Who changed what, when. */
export class AuditEntryResponse {
  @OutInt()
  id: number;

  @OutEnum(AUDIT_ENTITY_ENUM, { description: '对象类型' })
  entity: AuditEntity;

  @OutText({ description: '对象类型的中文名', example: '项目' })
  entityLabel: string;

  @OutText({ description: '对象 id；字典条目为 kind/code', example: '42' })
  entityId: string;

  @OutText({ nullable: true, description: '对象现在的名称（项目、企业、用户、团队的名称，字典条目的名称）；年度目标或已不存在时为 null', example: '年产 10GWh 储能电池项目' })
  entityName: string | null;

  @OutEnum(AUDIT_ACTION_ENUM, { description: '动作' })
  action: AuditAction;

  @OutText({ description: '动作的中文名', example: '修改' })
  actionLabel: string;

  @OutInt({ nullable: true, description: '操作人；系统操作为 null' })
  actorId: number | null;

  @OutText({ nullable: true, description: '操作人姓名；系统操作为 null', example: '张伟' })
  actorName: string | null;

  @OutFreeForm({ nullable: true, description: '修改前：变化了的字段及其旧值（新建时为 null）' })
  before: Record<string, unknown> | null;

  @OutFreeForm({ nullable: true, description: '修改后：变化了的字段及其新值' })
  after: Record<string, unknown> | null;

  @OutFreeForm({ description: 'before / after 中每个字段的中文名（字段名 → 中文名；未知的字段名原样给出）', example: { plannedInvestment: '计划投资' } })
  fieldLabels: Record<string, string>;

  @OutTimestamp()
  createdAt: Date;
}

/** Newest first. */
export class AuditEntryPage extends PageOf(AuditEntryResponse) {}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type AuditResponsesMatch = AllAnswered<[Answers<AuditEntryPage, Awaited<ReturnType<AuditService['list']>>>]>;
