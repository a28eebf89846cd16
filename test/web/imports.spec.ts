/**
 * 数据导入 as a manager uses it: downloads the template, uploads a small ledger of his own (two good
 * rows, one with an unknown 产业链, one that repeats a demo project), sees the error with its row and
 * column, decides the duplicate, accepts the rest, commits, watches it finish and opens a created
 * project from the result. The same import reopens at its step from 导入记录, on a phone too.
 */
import ExcelJS from 'exceljs';
import { describeWeb, expectHeading, horizontalOverflow, PHONE, waitRows } from '../helpers/browser';

const GOOD = ['导入测试光伏组件项目', '导入测试储能柜项目'];
// A second project of a demo investor in the same 产业链 (新材料): 撞单 with the demo's 高性能锂电隔膜项目.
const DUPLICATE = '锂电隔膜涂覆二期项目';
const RIVAL = '高性能锂电隔膜项目';
const BAD_CHAIN = '不存在的产业链';

async function ledger(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目台账');
  ws.addRow(['项目名称', '企业名称', '统一社会信用代码', '产业链', '负责人', '计划投资(万元)', '登记日期']);
  ws.addRow([GOOD[0], '导入测试新能源有限公司', null, '新能源及新型储能', '刘专员', 12000, '2025-03-05']);
  ws.addRow([GOOD[1], '导入测试储能科技有限公司', null, '新能源及新型储能', '刘专员', '8,000', '2025/6/1']);
  ws.addRow([DUPLICATE, '上海某某材料股份有限公司', '91310000MA1FL6QJ23', '新材料', '刘专员', 350000, '2025-01-10']);
  ws.addRow(['导入测试错行项目', '导入测试错行有限公司', null, BAD_CHAIN, '刘专员', 500, '2025-02-01']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeWeb('web: imports', ({ web, test }) => {
  let importId = 0;

  test('a manager downloads the template, uploads a ledger, decides the duplicate, commits and opens a created project', async ({ signedIn }) => {
    const manager = await signedIn('manager');
    const { page } = manager;
    await page.getByRole('menuitem', { name: '数据导入' }).click();
    await expectHeading(page, '数据导入');
    await page.getByRole('button', { name: '导入台账' }).click();
    await expectHeading(page, '导入台账');

    // 1 上传: the template first, then the file
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载导入模板' }).click()]);
    expect(template.suggestedFilename()).toMatch(/\.xlsx$/);
    const chunks: Buffer[] = [];
    for await (const c of await template.createReadStream()) chunks.push(c as Buffer);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as never);
    expect(book.worksheets.length).toBeGreaterThanOrEqual(2);

    // the limit as the server has it; a bigger file is refused before it is sent
    await page.getByText('单个文件不超过 20 MB').waitFor();
    let uploads = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/imports')) uploads++; });
    await page.locator('.el-upload input[type=file]').setInputFiles({ name: '大台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.alloc(21 * 1024 * 1024, 1) });
    await page.getByRole('alert').filter({ hasText: '文件过大（21 MB），上限为 20 MB，请拆分后分批导入' }).waitFor();
    expect(uploads).toBe(0);

    // an old .xls (an OLE2 compound file) is refused with the server's Chinese reason, and nothing is created
    const ole2 = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]);
    await page.locator('.el-upload input[type=file]').setInputFiles({ name: '旧台账.xls', mimeType: 'application/vnd.ms-excel', buffer: ole2 });
    await page.getByRole('alert').filter({ hasText: '请另存为 .xlsx 后再上传' }).waitFor();
    expect(manager.hash()).toBe('#/imports/new');

    await page.locator('.el-upload input[type=file]').setInputFiles({ name: '区台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await ledger() });
    await manager.waitHash(/^#\/imports\/\d+\?step=mapping$/);
    importId = Number(/imports\/(\d+)/.exec(manager.hash())![1]);

    // 2 核对列: each header was recognised as its field
    await page.getByText('共识别出 7 列').waitFor();
    const mapping = await waitRows(page, (r) => r.length === 7, 'the 7 columns');
    expect(mapping[0].slice(0, 2)).toEqual(['A', '项目名称']);
    expect(mapping[3].slice(0, 2)).toEqual(['D', '产业链']);
    expect(await page.locator('.mapping .el-select').nth(3).textContent()).toContain('产业链');
    await page.getByRole('button', { name: '下一步：查看预检' }).click();
    await manager.waitHash(/^#\/imports\/\d+$/);

    // 3 预检: the bad row's error names its row, column, value and why
    await page.getByRole('tab', { name: /^错误（1）/ }).waitFor();
    const errors = await waitRows(page, (r) => r.length === 1, 'one row with an error');
    expect(errors[0][0]).toBe('5');
    expect(errors[0][3]).toContain(`「产业链」“${BAD_CHAIN}”：`);

    await page.getByRole('tab', { name: /^疑似重复（1）/ }).click();
    const dups = await waitRows(page, (r) => r.length === 1 && r[0][0] === '4', 'the duplicate row');
    expect(dups[0][1]).toContain(DUPLICATE);
    expect(dups[0][3]).toContain(`「${RIVAL}」`);
    expect(dups[0][4]).toContain('待选择');
    const dupRow = page.locator('.el-table__body-wrapper tr.el-table__row').first();
    const rival = dupRow.getByRole('link', { name: '打开已有项目' });
    expect(await rival.getAttribute('href')).toMatch(/^#\/projects\/\d+$/);
    await dupRow.getByText('新建', { exact: true }).click();
    await waitRows(page, (r) => r.length === 1 && !r[0][4].includes('待选择'), 'the decision saved');

    await page.getByRole('button', { name: '其余全部接受' }).click();
    await page.getByRole('button', { name: '开始导入' }).click();

    // 4 导入 → 5 结果
    await page.getByText('导入完成').waitFor({ timeout: 60_000 });
    await page.locator('[aria-label=导入结果]').getByText(/新建\s*3\s*个/).waitFor();
    const results = await waitRows(page, (r) => r.length === 3, 'the three created projects');
    expect(results.map((r) => r[0]).sort()).toEqual([...GOOD, DUPLICATE].sort());
    await page.getByRole('link', { name: GOOD[0] }).click();
    await expectHeading(page, '项目详情');
    await page.getByText(GOOD[0]).first().waitFor();

    // the bad row did not come in; the duplicate came in once, beside its rival
    const token = await web().token('manager');
    const bad = await web().api('GET', `/projects?q=${encodeURIComponent('导入测试错行')}`, token);
    expect(bad.body.total).toBe(0);
    for (const name of [DUPLICATE, RIVAL]) expect((await web().api('GET', `/projects?q=${encodeURIComponent(name)}`, token)).body.total).toBe(1);
  });

  test('导入记录 lists the import and reopens it at its result, without sideways scrolling on a phone', async ({ signedIn }) => {
    expect(importId).toBeGreaterThan(0);
    const manager = await signedIn('manager', PHONE);
    const { page } = manager;
    await manager.open('/imports');
    await expectHeading(page, '数据导入');
    const card = page.locator('a.card', { hasText: '区台账.xlsx' });
    await card.waitFor();
    expect(await card.textContent()).toContain('陈队长');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await card.click();
    await manager.waitHash(new RegExp(`^#/imports/${importId}$`));
    await page.getByText('导入完成').waitFor();
    await page.locator('a.card', { hasText: GOOD[1] }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await manager.open(`/imports/${importId}?step=mapping`);
    await page.getByText('导入完成').waitFor(); // a committed import stays at its result
    expect(await page.getByRole('button', { name: '重新识别' }).count()).toBe(0);
  });

  test('a leader has no 数据导入', async ({ signedIn }) => {
    const leader = await signedIn('leader');
    expect(await leader.page.getByRole('menuitem', { name: '数据导入' }).count()).toBe(0);
    await leader.open('/imports/new');
    await expectHeading(leader.page, '无权访问');
  });
});
