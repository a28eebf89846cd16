/**
 * 大屏 (issue 11): an admin makes a display link on 系统管理 › 大屏链接 and copies its address; the
 * meeting-room screen opens it without signing in, at 1920×1080, with no scrollbar, showing the
 * district's figures exactly as GET /reports/summary gives them; once the admin revokes the link,
 * the screen's next self-refresh shows 「此大屏链接已失效，请联系管理员」.
 */
import { confirmIn, describeWeb, expectHeading, field, toast } from '../helpers/browser';

const WALL = { width: 1920, height: 1080 };
const REVOKED = '此大屏链接已失效，请联系管理员';

describeWeb('web: 大屏', ({ test }) => {
  test('an admin makes a link; the wall shows the district figures without scrollbars; revoked, it says so at its next refresh', async ({ web, signedIn, person }) => {
    const admin = await signedIn('admin');
    const { page } = admin;
    await page.getByRole('menuitem', { name: '大屏链接' }).click();
    await expectHeading(page, '大屏链接');
    await page.getByRole('button', { name: '新建大屏链接' }).click();
    await field(page, '名称').fill('三楼会议室大屏');
    await page.getByRole('button', { name: '创建' }).click();
    const address = page.getByRole('textbox', { name: '大屏地址' });
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(new RegExp(`^${web.origin}/#/display\\?key=[A-Za-z0-9_-]{32}$`));
    await page.getByRole('dialog', { name: '大屏链接已创建' }).getByRole('button', { name: '关闭', exact: true }).click();
    const row = page.locator('.el-table__body-wrapper tr.el-table__row', { hasText: '三楼会议室大屏' });
    await row.getByText('有效').waitFor();

    // The wall: nobody signed in, a 1920×1080 screen, timers under the test's hand.
    const wall = await person('viewer', WALL);
    await wall.page.clock.install({ time: new Date() });
    await wall.page.goto(url);
    await wall.page.locator('[data-ready="true"]').waitFor();
    const sizes = (await wall.page.evaluate(
      '({ sh: document.documentElement.scrollHeight, ch: document.documentElement.clientHeight, sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth })',
    )) as { sh: number; ch: number; sw: number; cw: number };
    expect(sizes.sh).toBeLessThanOrEqual(sizes.ch);
    expect(sizes.sw).toBeLessThanOrEqual(sizes.cw);
    await wall.page.getByText(/数据更新于 \d{2}:\d{2}/).waitFor();

    const [year, month] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number);
    const leader = await web.token('leader');
    const summary = (await web.api('GET', `/reports/summary?year=${year}&month=${month}`, leader)).body;
    const shown = (await wall.page.locator('[data-indicator]').evaluateAll((cards: any[]) =>
      cards.map((c) => ({
        key: c.getAttribute('data-indicator'),
        ...Object.fromEntries(Array.from(c.querySelectorAll('[data-figure]') as ArrayLike<any>).map((f) => [f.getAttribute('data-figure'), Number(f.getAttribute('data-value'))])),
      })),
    )) as Record<string, unknown>[];
    expect(shown).toEqual(
      summary.indicators.map((i: Record<string, number | string | null>) => ({
        key: i.key, ytd: i.ytd, month: i.month, target: i.target, yoy: i.yoy === null ? 0 : i.yoy,
        ...(i.completionRate === null ? {} : { completionRate: i.completionRate, ahead: i.ahead }),
      })),
    );
    // (a null 同比 is shown as 「—」; its data-value reads as 0)
    for (const [kind, value] of Object.entries(summary.activities.ytd as Record<string, number>)) {
      if (kind === 'total') continue;
      expect({ kind, value: Number(await wall.page.locator(`[data-activity="${kind}"]`).getAttribute('data-value')) }).toEqual({ kind, value });
    }
    const red = (await web.api('GET', '/projects?light=red&pageSize=1', leader)).body.total;
    expect(Number(await wall.page.locator('[data-light="red"]').getAttribute('data-value'))).toBe(red);
    expect(await wall.page.getByText(summary.breakdowns.team[0].label, { exact: true }).count()).toBeGreaterThan(0);

    // Revoked on the admin page: the wall's next refresh (five minutes on) replaces the figures with the message.
    await row.getByRole('button', { name: '撤销' }).click();
    await confirmIn(page, '撤销');
    await toast(page, '已撤销「三楼会议室大屏」').waitFor();
    await row.getByText('已撤销').waitFor();
    await wall.page.clock.fastForward('05:01');
    await wall.page.getByRole('alert').filter({ hasText: REVOKED }).waitFor();
    expect(await wall.page.locator('[data-indicator]').count()).toBe(0);
    // And so does a reload.
    await wall.page.reload();
    await wall.page.getByRole('alert').filter({ hasText: REVOKED }).waitFor();
  });

  test('a leader signed in opens the 大屏 without a key and sees the same figures; nobody signed in is told to use a link', async ({ web, signedIn, person }) => {
    const leader = await signedIn('leader', WALL);
    await leader.open('/display');
    await leader.page.locator('[data-ready="true"]').waitFor();
    const [year, month] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number);
    const summary = (await web.api('GET', `/reports/summary?year=${year}&month=${month}`, await web.token('leader'))).body;
    const ytd = await leader.page.locator('[data-indicator] [data-figure="ytd"]').evaluateAll((els: any[]) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(ytd).toEqual(summary.indicators.map((i: { ytd: number }) => i.ytd));

    const stranger = await person('viewer', WALL);
    await stranger.open('/display');
    await stranger.page.getByRole('alert').filter({ hasText: '请使用管理员提供的大屏链接打开' }).waitFor();
  });
});
