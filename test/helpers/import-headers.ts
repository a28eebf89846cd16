/**
 * The headers of the 台账 and of its 到位资金 sheet, for the import suites and
 * the imports bench (no test-runner import here: the bench is built with the app).
 */
/** The 台账's columns as the export writes them and the template takes them (the computed ones included: an import ignores them). */
export const LEDGER_HEADERS = [
  '项目编号', '项目名称', '企业名称', '统一社会信用代码', '产业链', '园区组团', '招商方式', '来源地区', '阶段', '负责人', '所属团队', '包联领导',
  '重点项目', '计划投资(万元)', '协议引资(万元)', '协议类型', '签约日期', '开工日期', '投产日期', '累计到位资金(万元)', '最近跟进', '督办灯',
  '督办说明', '合同编号', '预计年产值(万元)', '预计年税收(万元)', '用地(亩)', '就业人数', '登记日期',
] as const;

export const FUNDS_HEADERS = ['项目编号', '企业名称', '项目名称', '月份', '金额(万元)'] as const;
