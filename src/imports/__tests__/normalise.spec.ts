import { normaliseProject, type Reference } from '../normalise';
import { matchHeaders, PROJECT_FIELDS } from '../parse';

const ref: Reference = {
  today: '2026-06-15',
  dictionaries: {
    industryChain: [{ code: 'new_materials', label: '新材料' }], park: [], sourceChannel: [], sourceRegion: [], companyTier: [],
    dropReason: [{ code: 'funding', label: '资金不到位' }, { code: 'other', label: '其他' }],
  },
  teams: [{ id: 1, name: '新能源专班' }, { id: 2, name: '电子信息小分队' }],
  people: new Map([['张三', [{ id: 10, name: '张三', teamId: 1 }]], ['李四', [{ id: 11, name: '李四', teamId: 2 }, { id: 12, name: '李四', teamId: 1 }]]]),
  forcedTeamId: null,
  importerTeamId: null,
};

const HEADERS = ['项目名称', '企业名称', '产业链', '负责人', '所属团队', '阶段', '登记日期', '签约日期', '协议引资(亿元)', '开工日期', '投产日期', '暂缓日期', '暂缓原因', '终止日期', '终止原因'];
const columns = matchHeaders(HEADERS, PROJECT_FIELDS);
const row = (over: Record<string, unknown>) => {
  const base: Record<string, unknown> = { 项目名称: '项目', 企业名称: '企业有限公司', 产业链: '新材料', 负责人: '张三', 登记日期: '2025-01-01', ...over };
  return HEADERS.map((h) => base[h] ?? null);
};
const codes = (r: ReturnType<typeof normaliseProject>) => r.errors.map((e) => `${e.column}:${e.code}`);

describe('normaliseProject', () => {
  it('derives the stage from the latest date and scales money by the header\'s unit', () => {
    const r = normaliseProject(row({ 签约日期: '2025-03-01', '协议引资(亿元)': 1.5, 开工日期: '2025-05-01' }), columns, ref);
    expect(r.errors).toEqual([]);
    expect(r.data).toMatchObject({ stage: 'construction', contractInvestment: 150_000_000, agreementType: 'investment', ownerId: 10, teamId: 1 });
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['agreement_assumed', 'stage_derived', 'team_from_owner']);
  });

  it('refuses a stage without its date, a date beyond the stage, and dates out of order, each under its column', () => {
    expect(codes(normaliseProject(row({ 阶段: '投产', 签约日期: '2025-03-01', '协议引资(亿元)': 1 }), columns, ref)))
      .toEqual(['开工日期:stage_without_date', '投产日期:stage_without_date']);
    expect(codes(normaliseProject(row({ 阶段: '洽谈', 签约日期: '2025-03-01', '协议引资(亿元)': 1 }), columns, ref))).toEqual(['签约日期:date_beyond_stage']);
    expect(codes(normaliseProject(row({ 签约日期: '2024-12-01', '协议引资(亿元)': 1 }), columns, ref))).toEqual(['签约日期:before_registration']);
    expect(codes(normaliseProject(row({ 签约日期: '2026-07-01', '协议引资(亿元)': 1 }), columns, ref))).toEqual(['签约日期:in_future']);
    expect(codes(normaliseProject(row({ 签约日期: '2025-03-01' }), columns, ref))).toEqual(['协议引资(亿元):signed_without_amount']);
  });

  it('a pause or a drop needs its reason; a drop reason that is a dictionary label gives its code', () => {
    expect(codes(normaliseProject(row({ 暂缓日期: '2025-04-01' }), columns, ref))).toEqual(['暂缓原因:reason_required']);
    const dropped = normaliseProject(row({ 终止日期: '2025-04-01', 终止原因: '资金不到位' }), columns, ref);
    expect(dropped.errors).toEqual([]);
    expect(dropped.data).toMatchObject({ stage: 'dropped', droppedOn: '2025-04-01', droppedReasonCode: 'funding' });
  });

  it('finds the owner by name within the row\'s team; an officer\'s rows stay in his team', () => {
    expect(normaliseProject(row({ 负责人: '李四', 所属团队: '电子信息小分队' }), columns, ref).data).toMatchObject({ ownerId: 11, teamId: 2 });
    expect(codes(normaliseProject(row({ 负责人: '李四' }), columns, ref))).toEqual(['负责人:owner_ambiguous']);
    expect(codes(normaliseProject(row({ 负责人: '王五' }), columns, ref))).toEqual(['负责人:unknown_owner']);
    expect(codes(normaliseProject(row({ 所属团队: '新能源专办' }), columns, ref))).toEqual(['所属团队:unknown_team']);
    const officer = { ...ref, forcedTeamId: 1, importerTeamId: 1 };
    expect(codes(normaliseProject(row({ 负责人: '李四', 所属团队: '电子信息小分队' }), columns, officer))).toEqual(['所属团队:other_team']);
    expect(normaliseProject(row({ 负责人: '李四' }), columns, officer).data).toMatchObject({ ownerId: 12, teamId: 1 });
  });

  it('takes the registration from the earliest date when none is given, and says so', () => {
    const r = normaliseProject(row({ 登记日期: null, 签约日期: '2025-03-01', '协议引资(亿元)': 1 }), columns, ref);
    expect(r.errors).toEqual([]);
    expect(r.data.createdOn).toBe('2025-03-01');
    expect(r.warnings.map((w) => w.code)).toContain('registration_assumed');
  });
});
