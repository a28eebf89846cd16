/**
 * 领导驾驶舱 as a leader and a team manager use it: the five indicators show exactly GET /reports/summary
 * for the same period and the caller's scope (the district for the leader, the team for the manager),
 * and a click on a figure (an indicator, a funnel stage, an activity figure) opens a list whose total is
 * that figure. The period lives in the URL. At phone width the cards stack and nothing scrolls sideways.
 */
import type { Page } from 'playwright-core';
import { describeWeb, expectHeading, horizontalOverflow, PHONE, waitUntil, type WebApp } from '../helpers/browser';
import { count, money } from '../../web/src/format';

type Indicator = { key: string; label: string; unit: string; month: number; ytd: number; lastYearYtd: number; target: number | null };

/** Today's year and month in the district (the cockpit's default period). */
function currentPeriod() {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number);
  return { year, month };
}

async function summaryOf(web: WebApp, who: 'leader' | 'manager', year: number, month: number) {
  const res = await web.api('GET', `/reports/summary?year=${year}&month=${month}`, await web.token(who));
  expect(res.status).toBe(200);
  return res.body;
}

const ready = (page: Page) => page.locator('.cockpit[data-ready="true"]').waitFor({ timeout: 30_000 });
const card = (page: Page, key: string) => page.locator(`.cards [data-indicator="${key}"]`);
const shown = (i: Indicator, v: number) => (i.unit === '个' ? `${count(v)} 个` : money(v));

/** Every indicator's month, year to date and last year's figure as the page shows them (value and text). */
async function expectCards(page: Page, indicators: Indicator[]) {
  for (const i of indicators) {
    for (const fig of ['ytd', 'month', 'lastYearYtd'] as const) {
      const el = card(page, i.key).locator(`[data-figure="${fig}"]`);
      expect(Number(await el.getAttribute('data-value'))).toBe(i[fig]);
      expect((await el.textContent())?.trim()).toContain(shown(i, i[fig]));
    }
    const target = (await card(page, i.key).locator('[data-figure="target"]').textContent())?.trim();
    expect(target).toBe(i.target ? shown(i, i.target) : '本团队未设年度目标');
  }
}

/** The open drill drawer's figure (data-value) once loaded, and its header text. */
async function drillFigure(page: Page): Promise<{ value: number; text: string }> {
  const v = page.locator('[data-testid="drill-value"]');
  await v.waitFor();
  await page.locator('[data-testid="drill"] .el-loading-mask').waitFor({ state: 'hidden' }).catch(() => undefined);
  return { value: Number(await v.getAttribute('data-value')), text: (await page.locator('[data-testid="drill"] .head').textContent()) ?? '' };
}

/** The drill drawer's rows, each row's cell texts. */
function drawerRows(page: Page): Promise<string[][]> {
  return page.locator('[data-testid="drill"] .el-table__body-wrapper tr.el-table__row').evaluateAll((trs: any[]) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td') as ArrayLike<any>).map((td) => String(td.textContent ?? '').trim())),
  );
}

async function closeDrawer(page: Page) {
  await page.locator('.el-drawer__close-btn').click();
  await page.locator('.el-drawer').waitFor({ state: 'hidden' });
}

describeWeb('web: cockpit', ({ web, test }) => {
  test('a leader sees the district summary of this month; each figure opens the list that makes it', async ({ signedIn }) => {
    const leader = await signedIn('leader');
    const { page } = leader;
    await page.getByRole('menuitem', { name: '领导驾驶舱' }).click();
    await expectHeading(page, '领导驾驶舱');
    await ready(page);
    const { year, month } = currentPeriod();
    const s = await summaryOf(web(), 'leader', year, month);
    expect(s.scope).toBe('all');
    await expectCards(page, s.indicators);

    // 签约投资, year to date: the list's figure is the card's, and the counted rows say so.
    const signed = s.indicators.find((i: Indicator) => i.key === 'signedInvestment') as Indicator;
    await card(page, 'signedInvestment').locator('[data-figure="ytd"]').click();
    const d1 = await drillFigure(page);
    expect(d1.value).toBe(signed.ytd);
    expect(d1.text).toContain(money(signed.ytd));
    const rows = await drawerRows(page);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => /计入|不计入/.test(r[r.length - 1]))).toBe(true);
    await closeDrawer(page);

    // 新签约项目 this month: a count.
    const signings = s.indicators.find((i: Indicator) => i.key === 'signings') as Indicator;
    await card(page, 'signings').locator('[data-figure="month"]').click();
    expect((await drillFigure(page)).value).toBe(signings.month);
    await closeDrawer(page);

    // The funnel chart's top stage (拜访接洽), clicked on the drawing itself.
    const funnel = page.locator('section[aria-label="月末项目漏斗"]');
    await funnel.locator('.chart-box').scrollIntoViewIfNeeded();
    const box = (await funnel.locator('.chart-box').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + 24);
    const top = s.funnel.stages[0] as { stage: string; label: string; count: number };
    const d2 = await drillFigure(page);
    expect(d2.value).toBe(top.count);
    expect(await page.locator('.el-drawer__title').textContent()).toContain(top.label);
    await closeDrawer(page);

    // Any stage from the funnel's table (one click away): the projects in that stage at month end.
    const stage = s.funnel.stages.find((x: { count: number }) => x.count > 0) as { stage: string; count: number };
    await funnel.getByText('表', { exact: true }).click();
    await funnel.locator(`[data-stage="${stage.stage}"]`).click();
    const d3 = await drillFigure(page);
    expect(d3.value).toBe(stage.count);
    expect(d3.text).toContain(`计入 ${stage.count} 个项目`);
    await closeDrawer(page);

    // Activity figures open the activities: 外出拜访 counts them, 客商人次 sums their guests.
    await page.locator('[data-activity="visitsOut"] [data-span="ytd"]').click();
    const d4 = await drillFigure(page);
    expect(d4.value).toBe(s.activities.ytd.visitsOut);
    expect(d4.text).toContain(`共 ${s.activities.ytd.visitsOut} 条`);
    await closeDrawer(page);
    await page.locator('[data-activity="guests"] [data-span="ytd"]').click();
    expect((await drillFigure(page)).value).toBe(s.activities.ytd.guests);
    await closeDrawer(page);
  });

  test('the period is in the URL: another month shows that month’s summary, and a reload keeps it', async ({ signedIn }) => {
    const leader = await signedIn('leader');
    const { page } = leader;
    const { year, month } = currentPeriod();
    const other = month > 1 ? { year, month: month - 1 } : { year: year - 1, month: 12 };
    await leader.open('/cockpit');
    await ready(page);
    await page.locator('.period .el-form-item', { hasText: '月份' }).locator('.el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^\\s*${other.month}月\\s*$`) }).click();
    if (other.year !== year) {
      await page.locator('.period .el-form-item', { hasText: '年份' }).locator('.el-select__wrapper').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: `${other.year}年` }).click();
    }
    await leader.waitHash(new RegExp(`year=${other.year}&month=${other.month}$`));
    const s = await summaryOf(web(), 'leader', other.year, other.month);
    await waitUntil(() => card(page, 'signedInvestment').locator('[data-figure="ytd"]').getAttribute('data-value'), (v) => Number(v) === s.indicators[0].ytd, 'the other month');
    await ready(page);
    await expectCards(page, s.indicators);
    await page.reload();
    await ready(page);
    await expectCards(page, s.indicators);
  });

  test('a team manager sees his team only: the team’s summary, one ranking row, drill lists of the team', async ({ signedIn }) => {
    const manager = await signedIn('manager');
    const { page } = manager;
    await manager.open('/cockpit');
    await ready(page);
    const { year, month } = currentPeriod();
    const s = await summaryOf(web(), 'manager', year, month);
    expect(s.scope).toBe('team');
    await expectCards(page, s.indicators);
    const ranking = page.locator('section[aria-label="团队排名"] [data-team-row]');
    expect(await ranking.count()).toBe(1);
    const team = s.breakdowns.team[0].label as string;
    expect(await ranking.first().textContent()).toContain(team);

    // 督办: the team's red and yellow projects, counted when the panel comes into view.
    const token = await web().token('manager');
    const lights = async (light: string) => (await web().api('GET', `/projects?light=${light}&pageSize=1`, token)).body.total as number;
    const sup = page.locator('section[aria-label="督办"]');
    await sup.scrollIntoViewIfNeeded();
    const teamRow = sup.locator('tbody tr', { hasText: team }).first();
    await teamRow.waitFor();
    expect((await teamRow.locator('td').allTextContents()).map((t) => t.trim())).toEqual([team, String(await lights('red')), String(await lights('yellow'))]);

    const signings = s.indicators.find((i: Indicator) => i.key === 'signings') as Indicator;
    await card(page, 'signings').locator('[data-figure="ytd"]').click();
    expect((await drillFigure(page)).value).toBe(signings.ytd);
    const rows = await drawerRows(page);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r[2]).toBe(team);
    // each row opens its project
    await page.locator('[data-testid="drill"] .el-table__body-wrapper a.link').first().click();
    await manager.waitHash(/^#\/projects\/\d+$/);
    await expectHeading(page, '项目详情');
  });

  test('at phone width the cards stack, the charts take the width and nothing scrolls sideways', async ({ signedIn }) => {
    const leader = await signedIn('leader', PHONE);
    const { page } = leader;
    await leader.open('/cockpit');
    await ready(page);
    const boxes = await page.locator('.cards [data-indicator]').evaluateAll((els: any[]) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width })));
    expect(boxes).toHaveLength(5);
    expect(new Set(boxes.map((b) => Math.round(b.x))).size).toBe(1);
    expect(boxes.every((b, i) => i === 0 || b.y > boxes[i - 1].y)).toBe(true);
    const chart = await page.locator('.chart-box').first().boundingBox();
    expect(chart!.width).toBeGreaterThan(PHONE.width - 80);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
