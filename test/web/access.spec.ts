/**
 * Getting in and being let in: an e-mail's link #/projects/:id opened signed out goes through the login
 * page to that project; a leader (read only) is offered no write buttons; a token revoked while the page
 * is open (the admin resets the password) sends the person to the login page and back where they were.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWeb, expectHeading, PEOPLE, tableRows, toast, waitRows } from '../helpers/browser';

/** ProjectDetail.vue is still the placeholder on this branch: the name check waits for the real page. */
const detailBuilt = !readFileSync(join(__dirname, '../../web/src/views/projects/ProjectDetail.vue'), 'utf8').includes('建设中');
if (!detailBuilt) console.log('\n[browser] web/src/views/projects/ProjectDetail.vue is a placeholder (建设中): the check that the e-mail link shows the project name is skipped');

describeWeb('web: access', ({ web, test }) => {
  const project = async () => {
    const w = web();
    const res = await w.api('GET', `/projects?q=${encodeURIComponent('储能变流器')}`, await w.token('officer'));
    return res.body.items[0] as { id: number; name: string };
  };

  test('an e-mail link #/projects/:id opened signed out asks for a login, then opens that project', async ({ person }) => {
    const p = await project();
    const officer = await person('officer');
    await officer.open(`/projects/${p.id}`);
    await officer.waitHash(new RegExp(`^#/login\\?redirect=/projects/${p.id}$`));
    await officer.signIn();
    await officer.waitHash(new RegExp(`^#/projects/${p.id}$`));
    await expectHeading(officer.page, '项目详情');
    if (detailBuilt) await officer.page.getByText(p.name).first().waitFor();
  });

  test('a leader is offered no write buttons; an officer is', async ({ signedIn }) => {
    const leader = await signedIn('leader');
    await leader.open('/projects');
    await expectHeading(leader.page, '项目列表');
    await leader.page.locator('.el-table__body-wrapper tr.el-table__row').first().waitFor();
    expect((await tableRows(leader.page)).length).toBeGreaterThan(0);
    await leader.page.getByRole('button', { name: '导出台账' }).waitFor();
    expect(await leader.page.getByRole('button', { name: '新建项目' }).count()).toBe(0);
    expect(await leader.page.getByRole('menuitem', { name: '快速记录' }).count()).toBe(0);
    await leader.open('/projects/new');
    await expectHeading(leader.page, '无权访问');

    const officer = await signedIn('officer');
    await officer.open('/projects');
    await officer.page.getByRole('button', { name: '新建项目' }).waitFor();
    await officer.page.getByRole('menuitem', { name: '快速记录' }).waitFor();
  });

  test('a revoked token (password reset by the admin) goes to the login page and back to the same search', async ({ web, signedIn }) => {
    const officer = await signedIn('officer');
    const { page } = officer;
    await officer.open('/projects?q=储能');
    const before = await waitRows(page, (r) => r.length > 0 && r.every((c) => `${c[0]} ${c[1]}`.includes('储能')), 'the 储能 rows'); // (not the rows of a load before)

    const admin = await web.token('admin');
    const me = await web.api('POST', '/auth/login', null, { email: PEOPLE.officer.email, password: PEOPLE.officer.password });
    const reset = await web.api('POST', `/users/${me.body.user.id}/password`, admin, { password: 'Zhaoshang-new-2026' });
    expect(reset.status).toBe(200);

    await page.locator('.el-table__header-wrapper th', { hasText: '项目名称' }).click(); // sorting calls the API: 401 now
    await officer.waitHash(/^#\/login\?/);
    const raw = new URL(page.url()).hash;
    const redirect = new URLSearchParams(raw.slice(raw.indexOf('?') + 1)).get('redirect')!;
    expect(decodeURIComponent(redirect)).toBe('/projects?q=储能&sort=name:asc');
    await page.getByText('登录已失效，请重新登录').waitFor();

    await officer.signIn(); // the old password no longer works
    await page.getByRole('alert').filter({ hasText: '邮箱或密码错误' }).waitFor();
    await officer.signIn('Zhaoshang-new-2026');
    await officer.waitHash(/^#\/projects\?q=储能&sort=name:asc$/);
    const after = await waitRows(page, (r) => r.length === before.length, 'the same rows, sorted');
    expect(after.map((r) => r[0])).toEqual(before.map((r) => r[0]).sort((a, b) => a.localeCompare(b, 'zh-CN')));
    expect(await toast(page, /失败|错误/).count()).toBe(0);
  });
});
