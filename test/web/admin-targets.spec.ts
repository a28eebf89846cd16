/**
 * 年度目标与统计口径 as an admin uses it: he sets up next year in the browser (the district's
 * targets, one team's own targets, a minimum amount and an exclusion picked by the project's name),
 * saves, reloads and finds them again; the API answers the same. A save over someone else's change
 * says 「已被他人修改」 and reloads. The page fits a phone without scrolling sideways.
 */
import type { Locator, Page } from 'playwright-core';
import { confirmIn, describeWeb, expectHeading, formItem, horizontalOverflow, PHONE, pickOption, searchAndPick, toast, waitUntil } from '../helpers/browser';

const NEXT_YEAR = new Date().getFullYear() + 1;
const PROJECT = '储能变流器PCS生产项目';

const panel = (page: Page, title: string) => page.locator('.panel').filter({ has: page.locator('.panel-title', { hasText: title }) });
const teamCard = (page: Page, name: string) => page.locator(`.team-card[data-team="${name}"]`);
/** the number input labelled `label` inside `scope` */
const numberIn = (scope: Locator, label: string) =>
  scope.locator('.el-form-item').filter({ has: scope.page().locator('.el-form-item__label', { hasText: label }) }).locator('input').first();

async function fillFigures(scope: Locator, values: [string, string][]) {
  for (const [label, value] of values) await numberIn(scope, label).fill(value);
}

describeWeb('web: annual targets and 统计口径', ({ web, test }) => {
  test("an admin sets up next year's district and team targets and an exclusion, reloads and sees them", async ({ signedIn }) => {
    const admin = await signedIn('admin');
    const { page } = admin;
    const token = await web().token('admin');
    const teams = (await web().api<{ items: { id: number; name: string }[] }>('GET', '/teams', token)).body.items;
    const team = teams[0];

    await page.getByRole('menuitem', { name: '年度目标与统计口径' }).click();
    await expectHeading(page, '年度目标与统计口径');
    await pickOption(page, '年份', `${NEXT_YEAR} 年`);
    await admin.waitHash(new RegExp(`year=${NEXT_YEAR}`));
    await page.getByText('尚未设置').waitFor();
    await teamCard(page, team.name).getByText('未设目标').waitFor();

    const district = panel(page, '全区年度目标');
    await fillFigures(district, [['签约投资', '3500000'], ['实际到位资金', '1200000'], ['新签约项目', '45'], ['新开工项目', '22'], ['新投产项目', '18']]);
    await district.getByText('350.00 亿元').waitFor();

    const card = teamCard(page, team.name);
    await card.getByRole('button', { name: '设置目标' }).click();
    await fillFigures(card, [['签约投资', '800000.5'], ['实际到位资金', '200000'], ['新签约项目', '9'], ['新开工项目', '5'], ['新投产项目', '3']]);

    await page.locator('label.el-checkbox', { hasText: '设下限' }).click();
    await page.getByRole('spinbutton', { name: '最低协议引资（万元）' }).fill('500');
    await searchAndPick(page, '项目', '储能变流器', PROJECT);
    await formItem(page, '不计入原因').locator('input').fill('存量企业扩能，不计入新引进');
    await page.getByRole('button', { name: '加入名单' }).click();
    await page.locator('.exclusions').getByText(PROJECT).waitFor();

    await page.getByRole('button', { name: '保存' }).click();
    await toast(page, `${NEXT_YEAR} 年度目标与统计口径已保存`).waitFor();
    await page.getByText('已设置（第 1 版）').waitFor();

    await page.reload();
    await expectHeading(page, '年度目标与统计口径');
    await page.getByText('已设置（第 1 版）').waitFor();
    const shown = await waitUntil(() => numberIn(panel(page, '全区年度目标'), '签约投资').inputValue(), (v) => v !== '', 'the district target');
    expect(shown).toBe('3500000');
    expect(await numberIn(teamCard(page, team.name), '签约投资').inputValue()).toBe('800000.5');
    expect(await numberIn(teamCard(page, team.name), '新签约项目').inputValue()).toBe('9');
    expect(await page.getByRole('spinbutton', { name: '最低协议引资（万元）' }).inputValue()).toBe('500');
    await page.locator('.exclusions').getByText(PROJECT).waitFor();
    expect(await page.locator('.exclusions input').first().inputValue()).toBe('存量企业扩能，不计入新引进');

    const stored = (await web().api('GET', `/targets/${NEXT_YEAR}`, token)).body;
    expect(stored).toMatchObject({
      stored: true, version: 1, signedInvestment: 3_500_000, signings: 45, minContractAmount: 500,
      teams: [{ teamId: team.id, signedInvestment: 800_000.5, signings: 9, constructionStarts: 5, productionStarts: 3 }],
      exclusions: [{ projectName: PROJECT, reason: '存量企业扩能，不计入新引进' }],
    });

    // someone else saves meanwhile: this copy is stale, the page says so and reloads
    const { version: _v, stored: _s, year: _y, exclusions, teams: teamTargets, ...values } = stored;
    const other = await web().api('PUT', `/targets/${NEXT_YEAR}`, token, {
      ...values, signings: 50, version: 1,
      exclusions: exclusions.map((e: { projectId: number; reason: string }) => ({ projectId: e.projectId, reason: e.reason })),
      teams: teamTargets.map(({ teamName: _n, ...t }: { teamName: string }) => t),
    });
    expect(other.status).toBe(200);
    await numberIn(panel(page, '全区年度目标'), '新开工项目').fill('23');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.el-message-box', { hasText: '已被他人修改' }).waitFor();
    await confirmIn(page, '重新加载');
    await page.getByText('已设置（第 2 版）').waitFor();
    expect(await numberIn(panel(page, '全区年度目标'), '新签约项目').inputValue()).toBe('50');
  }, 60_000);

  test('is for admins: a manager opening it is told he may not', async ({ signedIn }) => {
    const manager = await signedIn('manager');
    expect(await manager.page.getByRole('menuitem', { name: '年度目标与统计口径' }).count()).toBe(0);
    await manager.open(`/admin/targets?year=${NEXT_YEAR}`);
    await expectHeading(manager.page, '无权访问');
  });

  test('fits a phone without scrolling sideways', async ({ signedIn }) => {
    const admin = await signedIn('admin', PHONE);
    await admin.open(`/admin/targets?year=${NEXT_YEAR}`);
    await expectHeading(admin.page, '年度目标与统计口径');
    await admin.page.getByText('全区年度目标').waitFor();
    expect(await horizontalOverflow(admin.page)).toBe(0);
  });
});
