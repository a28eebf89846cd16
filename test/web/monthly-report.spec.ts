/**
 * 月报 on an install whose history was entered but never reported (the demo data, no rollup): a
 * leader sees which closed months are missing and has nothing to press; an admin produces one month,
 * then 补齐全年 fills the rest while a progress bar follows the background job.
 */
import { describeWeb, expectHeading, horizontalOverflow, PHONE, tableRows, toast, waitRows } from '../helpers/browser';

describeWeb('web: monthly report', ({ web, test }) => {
  let year = 0;
  let closed: number[] = [];

  beforeAll(async () => {
    const leader = await web().token('leader');
    year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    const res = await web().api('GET', `/reports/monthly?year=${year}`, leader);
    if (res.status !== 200) throw new Error(`GET /reports/monthly → ${res.status} ${JSON.stringify(res.body)}`);
    closed = res.body.closedMonths;
    // the demo has history but no report: every closed month is missing
    expect(res.body.missingMonths).toEqual(closed);
    expect(closed.length).toBeGreaterThanOrEqual(2);
  });

  /** month → its 状态 cell, from the table of the 12 months */
  const states = (rows: string[][]) => new Map(rows.map((r) => [r[1], r[2]]));

  test('a leader sees the missing months, marked 未生成, and no button that writes', async ({ signedIn }) => {
    const leader = await signedIn('leader');
    const { page } = leader;
    await page.getByRole('menuitem', { name: '月报' }).click();
    await expectHeading(page, '月报');
    await page.getByText(`${year} 年已结束的月份中有 ${closed.length} 个月未生成月报`).waitFor();
    await page.getByText('（由系统管理员生成）').waitFor();
    const rows = await waitRows(page, (r) => r.length === 12, 'the 12 months');
    const s = states(rows);
    for (const m of closed) expect(s.get(`${m}月`)).toBe('未生成');
    if (closed.length < 12) expect(s.get(`${closed.length + 1}月`)).toBe('未结束');
    expect(await page.getByRole('button', { name: '补齐全年' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '生成' }).count()).toBe(0);

    await page.setViewportSize(PHONE);
    await page.locator('.card').first().waitFor();
    expect(await page.locator('.card.missing').count()).toBe(closed.length);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  test('an admin produces one month, then 补齐全年 fills the others with a progress bar; none is left missing', async ({ signedIn }) => {
    const admin = await signedIn('admin');
    const { page } = admin;
    await admin.open('/reports/monthly');
    await expectHeading(page, '月报');
    await waitRows(page, (r) => r.length === 12, 'the 12 months');

    const first = closed[0];
    const firstRow = page.locator('.el-table__body-wrapper tr.el-table__row').nth(first - 1);
    await firstRow.getByRole('button', { name: '生成' }).click();
    await toast(page, `已生成 ${year} 年 ${first} 月月报`).waitFor();
    await waitRows(page, (r) => states(r).get(`${first}月`) === '已生成 · 第 1 版', `${first}月 produced`);
    await page.getByText(`有 ${closed.length - 1} 个月未生成月报`).waitFor();

    await page.getByRole('button', { name: '补齐全年' }).click();
    await page.locator('.progress .el-progress').waitFor();
    await page.getByText(/正在补齐：已完成|最近一次补齐已完成/).first().waitFor();
    await toast(page, `补齐完成：生成 ${closed.length - 1} 个月的月报`).waitFor({ timeout: 60_000 });
    await page.getByText(`最近一次补齐已完成：生成 ${closed.length - 1} 个月（共缺 ${closed.length - 1} 个月）`).waitFor();
    expect(await page.locator('.progress .el-progress').getAttribute('aria-valuenow')).toBe('100');
    const rows = await waitRows(page, (r) => closed.every((m) => states(r).get(`${m}月`) === '已生成 · 第 1 版'), 'every closed month produced');
    expect(rows.filter((r) => r[2] === '未生成')).toEqual([]);
    await page.getByText(`${year} 年已结束的 ${closed.length} 个月均已生成月报。`).waitFor();
    expect(await page.getByRole('button', { name: '补齐全年' }).isDisabled()).toBe(true);

    const mm = String(first).padStart(2, '0');
    const [file] = await Promise.all([page.waitForEvent('download'), firstRow.getByRole('button', { name: '下载 Excel' }).click()]);
    expect(file.suggestedFilename()).toBe(`招商引资月报-${year}-${mm}.xlsx`);

    // A month opened up: first reported / now / adjustment, and its one revision by the admin.
    await firstRow.locator('.el-table__expand-icon').click();
    const detail = page.locator('.detail').first();
    await detail.getByText('五项指标：首报 / 当前 / 调整').waitFor();
    await detail.getByText('管理员生成').waitFor();
    await detail.getByText('系统管理员').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The figures shown are the district's summary of that month, as the API has them.
    const token = await web().token('admin');
    const summary = (await web().api('GET', `/reports/summary?year=${year}&month=${first}`, token)).body;
    const signings = summary.indicators.find((i: { key: string }) => i.key === 'signings').ytd;
    const header = await page.locator('.el-table__header-wrapper th').evaluateAll((ths: any[]) => ths.map((th) => String(th.textContent ?? '').trim()));
    const col = header.indexOf('新签约项目（累计）');
    expect(col).toBeGreaterThan(0);
    expect((await tableRows(page))[first - 1][col]).toBe(String(signings));
  });
});
