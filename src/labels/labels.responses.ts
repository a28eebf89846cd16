import { OutList, OutText } from '../core/http/api-docs';

/** One code and what a person reads for it. */
export class LabelEntry {
  @OutText({ description: '稳定的英文代码', example: 'visit_out' })
  code: string;

  @OutText({ description: '中文标签', example: '外出拜访' })
  label: string;
}

/**
 * GET /labels: the Chinese label of every enumerated value that is not an
 * editable dictionary, group by group, in the order the API lists the values.
 * (Stage labels come from GET /pipeline, dictionary entries from GET /dictionaries/:kind.)
 */
export class LabelsResponse {
  @OutList(() => LabelEntry, { description: '跟进方式' })
  activityKinds: LabelEntry[];

  @OutList(() => LabelEntry, { description: '协议类型' })
  agreementTypes: LabelEntry[];

  @OutList(() => LabelEntry, { description: '重点项目级别' })
  keyProjectLevels: LabelEntry[];

  @OutList(() => LabelEntry, { description: '角色' })
  roles: LabelEntry[];

  @OutList(() => LabelEntry, { description: '数据范围' })
  dataScopes: LabelEntry[];

  @OutList(() => LabelEntry, { description: '督办灯' })
  lights: LabelEntry[];

  @OutList(() => LabelEntry, { description: '阶段记录类型（阶段变更、撤回）' })
  transitionKinds: LabelEntry[];

  @OutList(() => LabelEntry, { description: '疑似重复的原因（重复研判）' })
  duplicateReasons: LabelEntry[];

  @OutList(() => LabelEntry, { description: '提醒类型' })
  reminderKinds: LabelEntry[];

  @OutList(() => LabelEntry, { description: '通知类型' })
  notificationKinds: LabelEntry[];

  @OutList(() => LabelEntry, { description: '通知状态' })
  notificationStatuses: LabelEntry[];

  @OutList(() => LabelEntry, { description: '后台任务' })
  jobNames: LabelEntry[];

  @OutList(() => LabelEntry, { description: '任务运行状态' })
  jobRunStatuses: LabelEntry[];

  @OutList(() => LabelEntry, { description: '任务触发方式' })
  jobTriggers: LabelEntry[];

  @OutList(() => LabelEntry, { description: '操作日志：动作' })
  auditActions: LabelEntry[];

  @OutList(() => LabelEntry, { description: '操作日志：对象类型' })
  auditEntities: LabelEntry[];

  @OutList(() => LabelEntry, { description: '字典（字典条目见 GET /dictionaries/:kind）' })
  dictionaryKinds: LabelEntry[];
}
