import type { Schemas } from '../../../api/client';

export type TransitionField = Schemas['TransitionField'];

/**
 * Form labels of the data a move asks for (the server says which fields, via allowedTransitions[].requires/optional;
 * these are only the captions of our inputs). Also used to name changed fields in the 操作日志.
 */
export const TRANSITION_FIELD_LABELS: Record<TransitionField, string> = {
  signedOn: '签约日期',
  contractInvestment: '协议引资（万元）',
  agreementType: '协议类型',
  contractNo: '合同编号',
  constructionStartedOn: '开工日期',
  productionStartedOn: '投产日期',
  reason: '原因',
  reasonCode: '终止原因',
  expectedResumeOn: '预计恢复日期',
};

/** Captions of the project's own fields (edit form, descriptions, audit trail). */
export const PROJECT_FIELD_LABELS: Record<string, string> = {
  name: '项目名称', code: '项目编号', companyId: '投资企业', stage: '阶段', industryChain: '产业链', park: '园区组团', sourceChannel: '招商方式',
  sourceRegion: '来源地区', plannedInvestment: '计划投资（万元）', expectedAnnualOutput: '预计年产值（万元）', expectedAnnualTax: '预计年税收（万元）',
  landArea: '用地（亩）', jobs: '就业人数', ownerId: '负责人', teamId: '所属团队', leaderInCharge: '包联领导', isKeyProject: '重点项目',
  keyProjectLevel: '重点项目级别', description: '项目简介', signedOn: '签约日期', contractInvestment: '协议引资（万元）', agreementType: '协议类型',
  contractNo: '合同编号', constructionStartedOn: '开工日期', productionStartedOn: '投产日期', onHoldReason: '暂缓原因', expectedResumeOn: '预计恢复日期',
  dropReasonCode: '终止原因', dropReasonText: '终止原因说明', createdOn: '登记日期', version: '版本', pausedFromStage: '暂缓前阶段',
  droppedFromStage: '终止前阶段', stageEnteredOn: '进入阶段日期', month: '月份', amount: '金额（万元）', note: '备注',
  plannedOn: '计划日期', completedOn: '完成日期', kind: '方式', occurredOn: '发生日期', summary: '跟进情况', reason: '原因',
  reasonCode: '终止原因', effectiveOn: '业务日期', toStage: '目标阶段', fromStage: '原阶段', nextFollowUpOn: '下次跟进日期',
  leaderLed: '领导带队', leaderName: '带队领导', guestCount: '客商人次', participants: '参加人员', location: '地点',
};

export const fieldLabel = (key: string) => PROJECT_FIELD_LABELS[key] ?? TRANSITION_FIELD_LABELS[key as TransitionField] ?? key;

/** The date fields a move's own stage date stands for: when a move asks for one, it is the business date. */
export const STAGE_DATE_FIELDS: TransitionField[] = ['signedOn', 'constructionStartedOn', 'productionStartedOn'];
