/**
 * 项目列表 as an officer would use it: the search lives in the URL (filters change it, a reload keeps
 * it, the back button restores the previous one), a column sorts, pages turn, and 导出台账 downloads
 * the ledger as an .xlsx. The officer's team has the demo projects plus 25 registered here, so the
 * list has two pages at 20 a page.
 */
import { columnTexts, describeWeb, expectHeading, formItem, pickOption, tableRows, waitRows, waitUntil } from '../helpers/browser';

const EXTRA = 25;

describeWeb('web: project list', ({ web, test }) => {
  let teamTotal = 0;

  beforeAll(async () => {
    const w = web();
    const officer = await w.token('officer');
    for (let i = 1; i <= EXTRA; i++) {
      const n = String(i).padStart(2, '0');
      const c = await w.api('POST', '/companies', officer, { name: `台账测试${n}号有限公司` });
      const p = await w.api('POST', '/projects', officer, { name: `台账测试项目${n}`, companyId: c.body.id, industryChain: 'electronics', plannedInvestment: 100 + i * 7 });
      if (p.status !== 201) throw new Error(`POST /projects → ${p.status} ${JSON.stringify(p.body)}`);
    }
    teamTotal = (await w.api('GET', '/projects?pageSize=1', officer)).body.total;
  });

  test('filters go into the URL; a reload keeps the search and the back button restores the previous one', async ({ signedIn }) => {
    const officer = await signedIn('officer');
    const { page } = officer;
    await page.getByRole('menuitem', { name: '项目列表' }).click();
    await expectHeading(page, '项目列表');
    await page.getByText(`共 ${teamTotal} 个项目`).waitFor();

    await formItem(page, '关键字').getByRole('textbox').fill('储能');
    await page.getByRole('button', { name: '搜索' }).click();
    await officer.waitHash(/[?&]q=储能/);
    await page.getByText(/共 [0-9]+ 个项目/).filter({ hasNotText: `共 ${teamTotal} ` }).waitFor();
    const keywordRows = await tableRows(page);
    expect(keywordRows.length).toBeGreaterThanOrEqual(2);
    for (const r of keywordRows) expect(`${r[0]} ${r[1]}`).toContain('储能');

    await pickOption(page, '阶段', '拜访接洽');
    await page.getByRole('button', { name: '搜索' }).click();
    await officer.waitHash(/[?&]stage=visit/);
    expect(officer.hash()).toContain('q=储能');
    await waitRows(page, (r) => r.length < keywordRows.length, 'fewer rows');
    const both = await columnTexts(page, '阶段');
    expect(both.length).toBeGreaterThanOrEqual(1);
    expect(new Set(both)).toEqual(new Set(['拜访接洽']));
    const bothRows = await tableRows(page);

    await page.reload();
    await expectHeading(page, '项目列表');
    await page.locator('.el-table__body-wrapper tr.el-table__row').first().waitFor();
    expect(await formItem(page, '关键字').getByRole('textbox').inputValue()).toBe('储能');
    await formItem(page, '阶段').getByText('拜访接洽').waitFor();
    expect(await tableRows(page)).toEqual(bothRows);

    await page.goBack();
    await officer.waitHash(/^#\/projects\?q=储能$/);
    expect(await waitRows(page, (r) => r.length === keywordRows.length, 'the keyword rows')).toEqual(keywordRows);
    expect(await formItem(page, '关键字').getByRole('textbox').inputValue()).toBe('储能');
    expect(await formItem(page, '阶段').getByText('拜访接洽').count()).toBe(0);
  });

  test('a column header sorts the list, ascending then descending, and says so in the URL', async ({ signedIn }) => {
    const officer = await signedIn('officer');
    const { page } = officer;
    await officer.open('/projects');
    await page.getByText(`共 ${teamTotal} 个项目`).waitFor();
    const amounts = async () => (await columnTexts(page, '计划投资')).map((s) => {
      const m = /([\d,.]+)\s*(亿元|万元)?/.exec(s);
      return m ? Number(m[1].replace(/,/g, '')) * (m[2] === '亿元' ? 10_000 : 1) : NaN;
    });

    await page.locator('.el-table__header-wrapper th', { hasText: '计划投资' }).click();
    await officer.waitHash(/sort=plannedInvestment:asc/);
    const up = await waitUntil(amounts, (a) => a[0] === 107, 'the smallest amount first');
    expect(up.length).toBe(20);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    // 107: the smallest of the 25 added (100 + 7)

    await page.locator('.el-table__header-wrapper th', { hasText: '计划投资' }).click();
    await officer.waitHash(/sort=plannedInvestment:desc/);
    const down = await waitUntil(amounts, (a) => a[0] > up[up.length - 1], 'the largest amount first');
    expect(down).toEqual([...down].sort((a, b) => b - a));
  });

  test('pages turn: 20 rows on the first page, the rest on the second, the page in the URL', async ({ signedIn }) => {
    const officer = await signedIn('officer');
    const { page } = officer;
    await officer.open('/projects');
    await page.getByText(`共 ${teamTotal} 个项目`).waitFor();
    const first = await tableRows(page);
    expect(first.length).toBe(20);

    await page.locator('.el-pagination').getByText('2', { exact: true }).click();
    await officer.waitHash(/[?&]page=2/);
    const second = await waitRows(page, (r) => r.length === teamTotal - 20, `${teamTotal - 20} rows`);
    expect(second.map((r) => r[0])).not.toContain(first[0][0]);

    await page.goBack();
    await officer.waitHash(/^#\/projects$/);
    expect(await waitRows(page, (r) => r.length === 20, '20 rows')).toEqual(first);
  });

  test('导出台账 downloads the ledger of the search as an .xlsx', async ({ signedIn }) => {
    const officer = await signedIn('officer');
    const { page } = officer;
    await officer.open('/projects?q=台账测试');
    await page.getByText(`共 ${EXTRA} 个项目`).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出台账' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(1000);
    await page.locator('.el-message', { hasText: '已导出' }).waitFor();
  });
});
