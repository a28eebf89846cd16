/**
 * 演示数据 (admin) as a bureau going live would use it: the page says what demo data there is and why
 * it cannot go yet (the admin still has the published default password); after changing it under
 * 个人设置, one click and a confirmation remove it, and the page says there is none left. Other roles
 * are not shown the page.
 */
import { describeWeb, expectHeading, formItem, PHONE } from '../helpers/browser';

describeWeb('web: removing the demo data', ({ web, test }) => {
  test('a leader has no such page', async ({ signedIn }) => {
    const leader = await signedIn('leader', PHONE);
    await leader.open('/admin/demo-data');
    await leader.waitHash(/^#\/forbidden/);
  });

  test('the admin changes the default password, then removes the demo data after a confirmation', async ({ signedIn }) => {
    const admin = await signedIn('admin');
    const { page } = admin;
    await page.getByRole('menuitem', { name: '演示数据' }).click();
    await expectHeading(page, '演示数据');
    await page.getByText('项目 8 个、企业 8 家、账号 5 个、团队 2 个').waitFor();
    await page.getByText('系统管理员账号仍在使用默认密码，请先在「个人设置」中修改密码').waitFor();
    expect(await page.getByRole('button', { name: '清除演示数据' }).isDisabled()).toBe(true);

    await page.getByText('前往「个人设置」修改密码').click();
    await expectHeading(page, '个人设置');
    await formItem(page, '当前密码').locator('input').fill('zhaoshang-admin');
    await formItem(page, '新密码').locator('input').fill('bureau-goes-live-2026');
    await formItem(page, '确认新密码').locator('input').fill('bureau-goes-live-2026');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码已修改，此前在其他设备上的登录已失效').waitFor();

    await admin.open('/admin/demo-data');
    await expectHeading(page, '演示数据');
    const remove = page.getByRole('button', { name: '清除演示数据' });
    await page.getByText('尚未录入').waitFor();
    expect(await remove.isDisabled()).toBe(false);
    await remove.click();
    const dialog = page.getByRole('dialog', { name: '清除演示数据' });
    await dialog.getByText(/将删除演示数据：项目 8 个、企业 8 家、账号 5 个、团队 2 个/).waitFor();
    await dialog.getByRole('button', { name: '确认清除' }).click();
    await page.getByText('没有演示数据', { exact: true }).waitFor();
    await page.getByText('已清除：项目 8 个、企业 8 家、账号 5 个、团队 2 个').waitFor();

    // as the server sees it: no demo project or account is left
    const token = (await web().api<{ accessToken: string }>('POST', '/auth/login', null, { email: 'admin@zhaoshang.local', password: 'bureau-goes-live-2026' })).body.accessToken;
    expect((await web().api('GET', '/projects?pageSize=1', token)).body.total).toBe(0);
    expect((await web().api('POST', '/auth/login', null, { email: 'officer@demo.local', password: 'demo-pass-2026' })).status).toBe(401);
  });
});
