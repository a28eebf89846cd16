/**
 * Signing in through the real login page: a wrong password shows the server's Chinese message and
 * stays on the page; the right one lands on 工作台 with the person's name in the header.
 */
import { describeWeb, expectHeading, PEOPLE } from '../helpers/browser';

describeWeb('web: login', ({ test }) => {
  test('a wrong password shows the server message, the right one lands on 工作台', async ({ person }) => {
    const officer = await person('officer');
    await officer.open('/');
    await officer.waitHash(/^#\/login/);

    await officer.signIn('not-the-password');
    const alert = officer.page.getByRole('alert').filter({ hasText: '邮箱或密码错误' });
    await alert.waitFor();
    expect(officer.hash()).toMatch(/^#\/login/);

    await officer.signIn();
    await expectHeading(officer.page, '工作台');
    expect(officer.hash()).toBe('#/');
    await officer.page.getByRole('button', { name: new RegExp(PEOPLE.officer.name) }).waitFor();
    expect(await officer.page.title()).toBe('工作台 - 招商通');
  });

  test('an empty form says what is missing without calling the server', async ({ person }) => {
    const officer = await person('officer');
    await officer.open('/login');
    let calls = 0;
    officer.page.on('request', (r) => r.url().includes('/auth/login') && calls++);
    await officer.page.getByRole('button', { name: '登录' }).click();
    await officer.page.getByText('请输入电子邮箱').waitFor();
    await officer.page.getByText('请输入密码').waitFor();
    expect(calls).toBe(0);
  });
});
