/**
 * 快速记录 on a phone (390×844), as an officer logs a visit right after it: a few characters find the
 * project, 来访接待 with 3 客商人次, 领导带队 with the leader's name, a summary → 已保存, and the project's
 * 跟进记录 shows it; the page never scrolls sideways. Offline, 保存 keeps the draft and says so; back
 * online it is sent by itself, and recorded once (the clientKey), as the API confirms.
 */
import { describeWeb, expectHeading, field, formItem, horizontalOverflow, PHONE, searchAndPick, type Person, waitUntil } from '../helpers/browser';

const PROJECT = '码头冷链仓储物流项目';

describeWeb('web: quick log', ({ web, test }) => {
  let projectId = 0;

  beforeAll(async () => {
    const w = web();
    const officer = await w.token('officer');
    const c = await w.api('POST', '/companies', officer, { name: '万州某某冷链物流有限公司' });
    const p = await w.api('POST', '/projects', officer, { name: PROJECT, companyId: c.body.id, industryChain: 'food_agri' });
    if (p.status !== 201) throw new Error(`POST /projects → ${p.status} ${JSON.stringify(p.body)}`);
    projectId = p.body.id;
  });

  const activitiesWith = async (summary: string) => {
    const w = web();
    const res = await w.api('GET', `/projects/${projectId}/activities?pageSize=100`, await w.token('officer'));
    return (res.body.items as { summary: string; kind: string; guestCount: number | null; leaderLed: boolean; leaderName: string | null }[]).filter((a) => a.summary === summary);
  };

  const openQuickLog = async (officer: Person) => {
    const { page } = officer;
    await page.getByRole('button', { name: '打开菜单' }).click(); // the phone layout: the menu is a drawer
    await page.getByRole('menuitem', { name: '快速记录' }).click();
    await officer.waitHash(/^#\/quick$/);
    await expectHeading(page, '快速记录');
    await searchAndPick(page, '项目', '冷链仓储', PROJECT);
  };

  test('a reception led by a leader, logged at 390 px, is saved and shows on the project page', async ({ signedIn }) => {
    const officer = await signedIn('officer', PHONE);
    const { page } = officer;
    await openQuickLog(officer);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await formItem(page, '跟进方式').getByText('来访接待', { exact: true }).click();
    await field(page, '客商人次').fill('3');
    await field(page, '客商人次').press('Tab');
    await formItem(page, '领导带队').locator('.el-switch').click();
    await field(page, '带队领导').fill('王副区长');
    const summary = '冷链企业一行来访，看了港区地块，对方希望月底前给出用地方案';
    await field(page, '跟进情况').fill(summary);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.el-result', { hasText: '已保存' }).waitFor();
    expect(await page.locator('.el-result').textContent()).toContain(`${PROJECT} · 来访接待`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    await page.getByRole('link', { name: '查看项目' }).click();
    await officer.waitHash(new RegExp(`^#/projects/${projectId}$`));
    await page.getByRole('tab', { name: '跟进记录' }).waitFor();
    expect(await page.getByRole('tab', { name: '跟进记录' }).getAttribute('aria-selected')).toBe('true');
    const item = page.locator('.el-timeline-item', { hasText: summary });
    await item.waitFor();
    const text = (await item.textContent()) ?? '';
    for (const part of ['来访接待', '领导带队：王副区长', '客商人次：3', '记录人 刘专员']) expect(text).toContain(part);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    expect(await activitiesWith(summary)).toEqual([expect.objectContaining({ kind: 'reception', guestCount: 3, leaderLed: true, leaderName: '王副区长' })]);
  });

  test('offline, 保存 keeps the draft and says so; back online it is sent by itself and recorded once', async ({ signedIn }) => {
    const officer = await signedIn('officer', PHONE);
    const { page, context } = officer;
    await openQuickLog(officer);
    const summary = '电话回访：冷库二期选址已报企业总部，下周答复';
    await formItem(page, '跟进方式').getByText('电话/视频', { exact: true }).click();
    await field(page, '跟进情况').fill(summary);

    await context.setOffline(true);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '网络不可用，已保存草稿，将自动重试' }).waitFor();
    expect(await page.locator('.el-result', { hasText: '已保存' }).count()).toBe(0);
    expect(await field(page, '跟进情况').inputValue()).toBe(summary); // the draft stays on the form
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await activitiesWith(summary)).toEqual([]);

    await context.setOffline(false); // the page's online event sends the queued draft
    await page.locator('.el-result', { hasText: '已保存' }).waitFor();
    await page.waitForTimeout(300); // a second send, were there one, would have landed by now
    expect(await waitUntil(() => activitiesWith(summary), (a) => a.length > 0, 'the activity')).toHaveLength(1);
    expect(await page.evaluate('Object.keys(localStorage).filter((k) => k.startsWith("zst.quickLog.draft")).length')).toBe(0);
  });
});
