import { FUNDS_FIELDS, findHeaderRow, matchHeaders, PROJECT_FIELDS, splitHeader } from '../fields';

/** The headers the 项目台账 export writes today (src/reports/excel.service.ts LEDGER_COLUMNS). */
const LEDGER_HEADERS = [
  '项目编号', '项目名称', '企业名称', '统一社会信用代码', '产业链', '园区组团', '招商方式', '来源地区', '阶段', '负责人', '所属团队', '包联领导',
  '重点项目', '计划投资(万元)', '协议引资(万元)', '协议类型', '签约日期', '开工日期', '投产日期', '累计到位资金(万元)', '最近跟进', '督办灯',
  '督办说明', '合同编号', '预计年产值(万元)', '预计年税收(万元)', '用地(亩)', '就业人数', '登记日期',
];

const fieldsOf = (headers: (string | null)[]) => matchHeaders(headers, PROJECT_FIELDS).map((m) => m.field);

describe('matchHeaders', () => {
  it('matches every column of our own 台账 export it can import; the computed ones stay unmatched', () => {
    const m = matchHeaders(LEDGER_HEADERS, PROJECT_FIELDS);
    const unmatched = m.filter((x) => !x.field).map((x) => x.header);
    expect(unmatched).toEqual(['累计到位资金(万元)', '督办灯', '督办说明']);
    expect(m.map((x) => x.column)).toEqual(LEDGER_HEADERS.map((_, i) => i));
    expect(m.find((x) => x.field === 'contractInvestment')).toEqual({ column: 14, header: '协议引资(万元)', field: 'contractInvestment', unit: '万元' });
    expect(m.find((x) => x.field === 'landArea')?.unit).toBeNull(); // only money columns carry a unit
  });

  it('every field names a distinct label and no header variant is claimed by two fields', () => {
    for (const specs of [PROJECT_FIELDS, FUNDS_FIELDS]) {
      const seen = new Map<string, string>();
      for (const s of specs) {
        for (const k of [s.label, ...s.synonyms]) {
          expect([k, seen.get(k) ?? s.field]).toEqual([k, s.field]);
          seen.set(k, s.field);
        }
      }
    }
  });

  it.each<[string, string]>([
    ['项目名', 'name'], ['协议投资额', 'contractInvestment'], ['签约金额', 'contractInvestment'], ['合同金额', 'contractInvestment'],
    ['信用代码', 'creditCode'], ['社会信用代码', 'creditCode'], ['招商责任人', 'ownerName'], ['首次接洽日期', 'createdOn'], ['入库日期', 'createdOn'],
    ['最近跟进日期', 'lastActivityOn'], ['暂缓原因', 'onHoldReason'], ['终止日期', 'droppedOn'], ['洽谈日期', 'negotiationOn'], ['项目阶段', 'stage'],
  ])('the variant %s is %s', (header, field) => {
    expect(fieldsOf([header])).toEqual([field]);
  });

  it.each<[string, string, string | null]>([
    ['协议引资（万元）', 'contractInvestment', '万元'],
    ['协议引资(亿元)', 'contractInvestment', '亿元'],
    ['签约金额【元】', 'contractInvestment', '元'],
    ['计划总投资（单位：亿元）', 'plannedInvestment', '亿元'],
    ['计划投资/万元', 'plannedInvestment', '万元'],
    ['计划投资亿元', 'plannedInvestment', '亿元'],
    ['计划投资', 'plannedInvestment', '万元'],
    ['*项目名称', 'name', null],
    ['项目名称：', 'name', null],
    ['项目名称（全称）', 'name', null],
    ['  项目\n名称 ', 'name', null],
    ['\u3000企业\u3000名称\u3000', 'companyName', null],
    ['ＰＲＯＪＥＣＴ', '', null],
  ])('%p is %s in %s', (header, field, unit) => {
    const [m] = matchHeaders([header], PROJECT_FIELDS);
    expect([m.field ?? '', m.unit]).toEqual([field, unit]);
    expect(m.header).toBe(header.replace(/[\s\u3000]+/g, ' ').trim()); // the header as shown, spaces tidied
  });

  it('a field is taken by the first column naming it; blank and unknown headers stay unmatched', () => {
    expect(fieldsOf(['项目名称', null, '备注', '项目名', '', '企业名称'])).toEqual(['name', null, null, null, null, 'companyName']);
  });

  it('splits a header into its name and unit', () => {
    expect(splitHeader('金额（亿元）')).toEqual({ name: '金额', unit: '亿元' });
    expect(splitHeader(' 用地 (亩) ')).toEqual({ name: '用地', unit: '亩' });
  });
});

describe('findHeaderRow', () => {
  it('passes over merged title rows and notes above the header', () => {
    const rows: unknown[][] = [
      ['XX区招商引资项目台账'],
      [],
      ['填报单位：投资促进局', null, null, '填报日期：2024年3月'],
      ['序号', '项目名称', '投资方', '所属产业', '计划总投资（亿元）'],
      [1, '甲项目', '甲公司', '新材料', 3],
    ];
    expect(findHeaderRow(rows, PROJECT_FIELDS)).toBe(3);
  });

  it('needs three fields, 项目名称 among them', () => {
    expect(findHeaderRow([['项目名称', '企业名称']], PROJECT_FIELDS)).toBeNull();
    expect(findHeaderRow([['企业名称', '产业链', '负责人', '签约日期']], PROJECT_FIELDS)).toBeNull();
    expect(findHeaderRow([['项目名称', '企业名称', '负责人']], PROJECT_FIELDS)).toBe(0);
  });

  it('looks at the first 15 rows only', () => {
    const rows: unknown[][] = [...Array.from({ length: 15 }, () => ['说明']), ['项目名称', '企业名称', '产业链']];
    expect(findHeaderRow(rows, PROJECT_FIELDS)).toBeNull();
    expect(findHeaderRow(rows.slice(1), PROJECT_FIELDS)).toBe(14);
  });

  it('a funds sheet needs 月份 and 金额', () => {
    expect(findHeaderRow([['项目编号', '月份', '到位资金（万元）']], FUNDS_FIELDS)).toBe(0);
    expect(findHeaderRow([['项目编号', '企业名称', '项目名称']], FUNDS_FIELDS)).toBeNull();
  });
});
