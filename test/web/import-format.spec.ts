/**
 * What the import wizard shows from the API's figures: the column letters a person finds in Excel
 * (the API counts from 0), a row's problem as 「列」“值”：why, the step an import reopens at, and the
 * counts as tags (what was found before the commit, what happened after).
 */
import { columnLetter, countTags, problemText, stepOf } from '../../web/src/views/imports/importFormat';
import type { ImportDetail } from '../../web/src/views/imports/importTypes';

const imp = (status: ImportDetail['status']) => ({ status }) as ImportDetail;

describe('import wizard formatting', () => {
  it('column numbers from 0 become Excel letters', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('a problem names its column and value before why; without them only why', () => {
    expect(problemText({ column: '产业链', value: '光伏', message: '不是字典中的产业链' })).toBe('「产业链」“光伏”：不是字典中的产业链');
    expect(problemText({ column: '项目名称', value: '', message: '必填' })).toBe('「项目名称」：必填');
    expect(problemText({ column: null, value: null, message: '与第 3 行重复' })).toBe('与第 3 行重复');
  });

  it('an import reopens at its step: the columns when its dry run failed or when asked, else by status', () => {
    expect(stepOf(null, '')).toBe(0);
    expect(stepOf(imp('analysing'), '')).toBe(2);
    expect(stepOf(imp('ready'), '')).toBe(2);
    expect(stepOf(imp('ready'), 'mapping')).toBe(1);
    expect(stepOf(imp('failed'), '')).toBe(1);
    expect(stepOf(imp('committing'), 'mapping')).toBe(3);
    expect(stepOf(imp('done'), 'mapping')).toBe(4);
  });

  it('counts: what the dry run found, then what the commit did', () => {
    const counts = { rows: 4, valid: 3, errors: 1, duplicates: 1, toCreate: 2, toUpdate: 0, toSkip: 1, created: 2, updated: 0, skipped: 1 };
    expect(countTags(counts).map((t) => `${t.label}${t.value}`)).toEqual(['共4', '有效3', '错误1', '疑似重复1', '将新建2', '将更新0', '将跳过1']);
    expect(countTags(counts, true).map((t) => `${t.label}${t.value}`)).toEqual(['新建2', '更新0', '跳过1']);
  });
});
