import { STAGE_LABELS } from '../../../projects/pipeline';
import { AGREEMENT_TYPE_LABELS, KEY_PROJECT_LEVEL_LABELS } from '../../../projects/project.entity';
import {
  entriesOf, matchLabel, matchStage, normText, parseArea, parseBool, parseCount, parseCreditCode, parseDate, parseKeyProject, parseMoney, parseMonth, parseText,
} from '../values';

describe('parseDate', () => {
  it.each<[unknown, string]>([
    [new Date(Date.UTC(2024, 2, 5)), '2024-03-05'],
    [new Date(Date.UTC(2024, 2, 5, 23, 59, 59, 999)), '2024-03-06'], // a serial read back a hair before midnight
    [new Date(Date.UTC(2024, 2, 5, 10, 30)), '2024-03-05'], // a date-time cell keeps its day
    [45356, '2024-03-05'], // Excel serial day number
    [45356.75, '2024-03-05'],
    ['45356', '2024-03-05'],
    [20240305, '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024 年 3 月 5 日', '2024-03-05'],
    ['2024-03-05', '2024-03-05'],
    ['2024-03-05 00:00:00', '2024-03-05'],
    ['２０２４／３／５', '2024-03-05'], // full-width digits and slash
    ['\u3000 2024-3-5\u00a0', '2024-03-05'],
    ['2024-02-29', '2024-02-29'],
  ])('%p is %s', (v, expected) => {
    expect(parseDate(v)).toEqual({ value: expected });
  });

  it.each<[unknown, string]>([
    ['2024-03', '2024-03-01'],
    ['2024年3月', '2024-03-01'],
    ['2024/3', '2024-03-01'],
  ])('a month alone (%p) is its 1st, flagged', (v, expected) => {
    const r = parseDate(v);
    expect(r.value).toBe(expected);
    expect(r.guess).toContain('只有月份，按当月1日');
  });

  it.each([null, undefined, '', '  ', '\u3000', '-', '/', '无'])('a blank cell (%p) has no date and no error', (v) => {
    expect(parseDate(v)).toEqual({ value: null });
  });

  it.each([[2024], ['2024']])('a year alone (%p) is an error, not a day of 1905', (v) => {
    expect(parseDate(v).error?.message).toBe(`“2024”只有年份，请写明月和日，如 2024-03-05`);
  });

  it.each<[unknown]>([['2024-02-30'], ['2023-13-01'], ['3/5/2024'], ['明年春天'], ['24/3/5'], [12], [true], ['2024年13月'], [5000]])(
    '%p is an error that says what a date looks like', (v) => {
      const r = parseDate(v);
      expect(r.value).toBeUndefined();
      expect(r.error?.code).toBe('invalid_date');
      expect(r.error?.message).toContain('2024-03-05');
    },
  );
});

describe('parseMonth', () => {
  it.each<[unknown, string]>([
    ['2024-03', '2024-03'],
    ['2024年3月', '2024-03'],
    ['2024年03月份', '2024-03'],
    ['2024/3', '2024-03'],
    ['2024.03', '2024-03'],
    ['202403', '2024-03'],
    ['2024-03-17', '2024-03'],
    [new Date(Date.UTC(2024, 2, 1)), '2024-03'],
    [45352, '2024-03'],
    [2024.03, '2024-03'],
    [2024.12, '2024-12'],
  ])('%p is %s', (v, expected) => {
    expect(parseMonth(v)).toEqual({ value: expected });
  });

  it('2024.1 typed in a number cell is January, flagged (it may have been 2024.10)', () => {
    const r = parseMonth(2024.1);
    expect(r.value).toBe('2024-01');
    expect(r.guess).toContain('10月');
  });

  it.each(['2024-13', '下个月', '2024年0月'])('%p is an error', (v) => {
    expect(parseMonth(v).error?.code).toBe('invalid_month');
  });
});

describe('parseMoney (integer 元)', () => {
  it.each<[unknown, string | undefined, number]>([
    [1200, undefined, 12_000_000],
    [0.0001, undefined, 1],
    [12345.6789, undefined, 123_456_789],
    [0.1, '万元', 1_000],
    ['1,234.5', undefined, 12_345_000],
    ['1，234.5', undefined, 12_345_000],
    ['１２３', undefined, 1_230_000],
    ['12.5万元', undefined, 125_000],
    ['12.5 万元', undefined, 125_000],
    ['500万', undefined, 5_000_000],
    ['3亿元', undefined, 300_000_000],
    ['3亿', undefined, 300_000_000],
    ['1.25亿', undefined, 125_000_000],
    ['8000元', undefined, 8_000],
    ['￥1,000', undefined, 10_000_000],
    [3, '亿元', 300_000_000],
    [2.5, '亿元', 250_000_000],
    [80000, '元', 80_000],
    ['80000', '元', 80_000],
    ['500万', '亿元', 5_000_000], // a text's own unit wins over the column's
    [1234.56789, '万元', 12_345_679], // below 1 元 is rounded
    [0, undefined, 0],
  ])('%p in %p is %p 元', (v, unit, yuan) => {
    expect(parseMoney(v, unit as never)).toEqual({ value: yuan });
  });

  it.each([null, '', '-', '—', '/', '无'])('a blank cell (%p) is no amount', (v) => {
    expect(parseMoney(v)).toEqual({ value: null });
  });

  it.each<[unknown, string, string]>([
    [-5, 'negative', '不能为负数'],
    ['-5万元', 'negative', '不能为负数'],
    ['约500万', 'invalid_money', '应为金额'],
    ['五百万', 'invalid_money', '应为金额'],
    ['12.5.3', 'invalid_money', '应为金额'],
    [200_000_000, 'too_large', '过大'],
  ])('%p is an error (%s)', (v, code, message) => {
    const r = parseMoney(v);
    expect(r.error?.code).toBe(code);
    expect(r.error?.message).toContain(message);
  });
});

describe('counts, areas and yes/no', () => {
  it.each<[unknown, number | null]>([[120, 120], ['1,200', 1200], ['1200人', 1200], ['１２０', 120], ['300.0', 300], [null, null], ['-', null]])(
    'count %p is %p', (v, n) => expect(parseCount(v)).toEqual({ value: n }),
  );
  it.each<[unknown]>([[-3], [12.5], ['十二'], ['12.5']])('count %p is an error', (v) => expect(parseCount(v).error).toBeDefined());

  it.each<[unknown, number | null]>([[35.5, 35.5], ['120亩', 120], ['1,200.456', 1200.46], [0.004, 0], [null, null]])(
    'area %p is %p 亩', (v, n) => expect(parseArea(v)).toEqual({ value: n }),
  );
  it.each<[unknown]>([[-1], ['很大'], ['120平方米']])('area %p is an error', (v) => expect(parseArea(v).error?.message).toContain('亩'));

  it.each<[unknown, boolean | null]>([
    ['是', true], ['否', false], ['Y', true], ['n', false], ['√', true], ['×', false], [true, true], [false, false],
    [1, true], [0, false], ['是（市级）', true], ['　是 ', true], [null, null], ['', null], ['-', false], ['无', false],
  ])('%p is %p', (v, b) => expect(parseBool(v)).toEqual({ value: b }));
  it('an unknown answer is an error', () => expect(parseBool('也许').error?.message).toContain('“是”或“否”'));
});

describe('normText', () => {
  it.each<[unknown, string | null]>([
    ['  甲公司 ', '甲公司'],
    ['\u3000甲\u3000公司\u00a0', '甲 公司'],
    ['', null],
    ['   ', null],
    [null, null],
    [12, '12'],
    [new Date(Date.UTC(2024, 0, 2)), '2024-01-02'],
    ["'=HYPERLINK(\"x\")", '=HYPERLINK("x")'], // our export's neutralised formula-like text, read back as it was
    ['=1+1', '=1+1'], // a text that looks like a formula stays text
    ["''=x", "'=x"],
  ])('%p → %p', (v, t) => expect(normText(v)).toBe(t));
});

describe('matchLabel', () => {
  const chains = [{ code: 'new_materials', label: '新材料' }, { code: 'biomed', label: '生物医药' }, { code: 'ev', label: '新能源汽车' }];

  it.each<[unknown, string]>([['新材料', 'new_materials'], [' 新材料\u3000', 'new_materials'], ['new_materials', 'new_materials'], ['NEW_MATERIALS', 'new_materials'], ['生物 医药', 'biomed']])(
    '%p is %s', (v, code) => expect(matchLabel(v, chains, '产业链')).toEqual({ value: code }),
  );

  it('a near-miss is an error suggesting the nearest label', () => {
    const r = matchLabel('新材枓', chains, '产业链');
    expect(r.error).toEqual({ code: 'unknown_label', message: '“新材枓”不是产业链中的一项，是否为“新材料”？', suggestion: '新材料' });
  });

  it('a longer name containing a label is suggested too', () => {
    expect(matchLabel('新能源汽车产业', chains, '产业链').error?.suggestion).toBe('新能源汽车');
  });

  it('a label far from every entry lists some choices', () => {
    const r = matchLabel('农业', chains, '产业链');
    expect(r.error?.suggestion).toBeUndefined();
    expect(r.error?.message).toBe('“农业”不是产业链中的一项（可选：新材料、生物医药、新能源汽车）');
  });

  it('a blank cell is no label', () => expect(matchLabel(null, chains)).toEqual({ value: null }));

  it('reads the fixed labels passed in (协议类型)', () => {
    expect(matchLabel('投资协议', entriesOf(AGREEMENT_TYPE_LABELS))).toEqual({ value: 'investment' });
  });
});

describe('matchStage (labels from pipeline.ts)', () => {
  it.each(Object.entries(STAGE_LABELS))('%s from its label %s', (code, label) => {
    expect(matchStage(label, STAGE_LABELS)).toEqual({ value: code });
    expect(matchStage(code, STAGE_LABELS)).toEqual({ value: code });
  });

  it.each<[string, string]>([['已签约', 'signed'], ['洽谈中', 'negotiation'], ['在建', 'construction'], ['已投产', 'production'], ['已终止', 'dropped'], ['搁置', 'on_hold'], ['开工建设阶段', 'construction']])(
    'the wording %p is read as %s, flagged', (v, code) => {
      const r = matchStage(v, STAGE_LABELS);
      expect(r.value).toBe(code);
      expect(r.guess).toContain(STAGE_LABELS[code as keyof typeof STAGE_LABELS]);
    },
  );

  it('an unknown stage is an error naming the stages', () => {
    const r = matchStage('待定', STAGE_LABELS);
    expect(r.error?.code).toBe('unknown_label');
    expect(r.error?.message).toContain('项目阶段');
  });

  it('uses the labels it is given, none of its own', () => {
    const renamed = { ...STAGE_LABELS, visit: '初步接触' };
    expect(matchStage('初步接触', renamed)).toEqual({ value: 'visit' });
  });
});

describe('parseKeyProject (重点项目 as the 台账 writes it)', () => {
  const levels = entriesOf(KEY_PROJECT_LEVEL_LABELS);
  it.each<[unknown, boolean, string | null]>([
    ['是（市级）', true, 'city'], ['是(区级)', true, 'district'], ['是', true, null], ['否', false, null],
    ['市级', true, 'city'], ['区级重点', true, 'district'], [true, true, null],
  ])('%p is key %p at level %p', (v, isKeyProject, keyProjectLevel) => {
    expect(parseKeyProject(v, levels)).toEqual({ value: { isKeyProject, keyProjectLevel } });
  });
  it('a blank cell says nothing', () => expect(parseKeyProject(null, levels)).toEqual({ value: null }));
  it('an unknown level is an error suggesting the nearest', () => {
    expect(parseKeyProject('是（市）', levels).error?.suggestion).toBe('市级');
  });
  it('anything else is an error', () => expect(parseKeyProject('很重要', levels).error?.code).toBe('invalid_bool'));
});

describe('texts and credit codes', () => {
  it('a text within its length is kept (a number as its digits); a longer one is an error saying both lengths', () => {
    expect(parseText(' ZS-2024-001 ', 40)).toEqual({ value: 'ZS-2024-001' });
    expect(parseText(123, 40)).toEqual({ value: '123' });
    expect(parseText('', 40)).toEqual({ value: null });
    expect(parseText('项目'.repeat(21), 40).error).toEqual({ code: 'too_long', message: `“${'项目'.repeat(21)}”过长：最多 40 个字，实为 42 个字` });
  });

  it.each(['91350100M000100Y43', ' 91350100m000100y43 ', '９１３５０１００Ｍ０００１００Ｙ４３', '9135-0100-M000-100Y43'])('credit code %p is read', (v) => {
    expect(parseCreditCode(v)).toEqual({ value: '91350100M000100Y43' });
  });

  it('a wrong credit code is an error from the companies rule', () => {
    expect(parseCreditCode('91350100M000100Y44').error?.code).toBe('credit_code_check_digit');
    expect(parseCreditCode('123').error?.message).toContain('应为 18 位');
    expect(parseCreditCode('-')).toEqual({ value: null });
  });
});
