/**
 * 系统管理, as the admin uses it: 用户 (create one and sign in as him; the server's error on the field),
 * 团队 (create, rename), 字典 (add, relabel, deactivate an entry and see the project form's options follow),
 * 后台任务 (run 每日提醒 now and see the run with its figures), 审计日志 (by person, a readable diff).
 * Only the admin sees the menu; every page fits a phone.
 */
import type { Locator, Page } from 'playwright-core';
import { describeWeb, expectHeading, horizontalOverflow, PEOPLE, PHONE, pickOption, toast, waitRows, waitUntil } from '../helpers/browser';

/** The open dialog titled `title`. */
const dialog = (page: Page, title: string | RegExp): Locator => page.locator('.el-dialog:visible').filter({ has: page.locator('.el-dialog__title', { hasText: title }) });
/** The form item labelled `label` inside `scope`. */
const itemIn = (scope: Locator, label: string): Locator =>
  scope.locator('.el-form-item').filter({ has: scope.page().locator('.el-form-item__label', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) });
const inputIn = (scope: Locator, label: string): Locator => itemIn(scope, label).locator('input:not([type=hidden]), textarea').first();
async function pickIn(scope: Locator, label: string, option: string): Promise<void> {
  await itemIn(scope, label).locator('.el-select__wrapper').click();
  await scope.page().locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^\\s*${option}\\s*$`) }).click();
}
/** The options the el-select of form item `label` offers (opened, read, closed). */
async function optionsOf(page: Page, label: string): Promise<string[]> {
  const item = page.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) });
  await item.locator('.el-select__wrapper').click();
  const list = page.locator('.el-select-dropdown__item:visible');
  await list.first().waitFor();
  const texts = (await list.allTextContents()).map((t) => t.trim());
  await page.keyboard.press('Escape');
  return texts;
}

describeWeb('web: administration', ({ web, test }) => {
  test('用户: the admin creates an officer in a team, a taken e-mail is refused on its field, and the new officer signs in', async ({ signedIn, person }) => {
    const admin = await signedIn('admin');
    const { page } = admin;
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await expectHeading(page, '用户管理');
    await waitRows(page, (r) => r.some((c) => c[1] === 'officer@demo.local'));

    await page.getByRole('button', { name: '新建用户' }).click();
    const form = dialog(page, '新建用户');
    await form.waitFor();
    await inputIn(form, '电子邮箱').fill('officer@demo.local');
    await inputIn(form, '姓名').fill('钱专员');
    await inputIn(form, '初始密码').fill('Qian-zhaoshang-2026');
    await pickIn(form, '角色', '招商专员');
    await pickIn(form, '所属团队', '新能源招商专班');
    await form.getByRole('button', { name: '保存' }).click();
    await itemIn(form, '电子邮箱').locator('.el-form-item__error', { hasText: '已被用户「刘专员」使用' }).waitFor();

    await inputIn(form, '电子邮箱').fill('qian@demo.local');
    await form.getByRole('button', { name: '保存' }).click();
    await toast(page, '已新建用户：钱专员').waitFor();
    const rows = await waitRows(page, (r) => r.some((c) => c[0] === '钱专员'));
    expect(rows.find((c) => c[0] === '钱专员')!.slice(1, 5)).toEqual(['qian@demo.local', '招商专员', '本团队', '新能源招商专班']);

    const qian = await person('officer');
    await qian.open('/');
    await qian.page.getByLabel('电子邮箱').fill('qian@demo.local');
    await qian.page.getByLabel('密码', { exact: true }).fill('Qian-zhaoshang-2026');
    await qian.page.getByRole('button', { name: '登录' }).click();
    await expectHeading(qian.page, '工作台');
    await qian.page.locator('header', { hasText: '钱专员' }).waitFor();
    // an officer has no 系统管理
    expect(await qian.page.getByRole('menuitem', { name: '用户管理' }).count()).toBe(0);
    await qian.open('/admin/users');
    await expectHeading(qian.page, '无权访问');

    // 停用: he can no longer sign in
    await page.locator('.el-table__body-wrapper tr.el-table__row', { hasText: '钱专员' }).getByRole('button', { name: '停用' }).click();
    await page.locator('.el-message-box:visible').getByRole('button', { name: '停用' }).click();
    await toast(page, '已停用：钱专员').waitFor();
    const login = await web().api('POST', '/auth/login', null, { email: 'qian@demo.local', password: 'Qian-zhaoshang-2026' });
    expect(login.status).toBe(401);
  });

  test('团队: a new team is listed, renamed, and offered in the user form', async ({ signedIn }) => {
    const admin = await signedIn('admin');
    const { page } = admin;
    await admin.open('/admin/teams');
    await expectHeading(page, '团队管理');
    await waitRows(page, (r) => r.some((c) => c[0] === '新能源招商专班'));
    await page.getByRole('button', { name: '新建团队' }).click();
    const create = dialog(page, '新建团队');
    await inputIn(create, '团队名称').fill('新能源招商专班');
    await create.getByRole('button', { name: '保存' }).click();
    await itemIn(create, '团队名称').locator('.el-form-item__error').waitFor(); // 409: the name is taken
    await inputIn(create, '团队名称').fill('氢能招商专班');
    await inputIn(create, '说明').fill('氢能产业链招商');
    await create.getByRole('button', { name: '保存' }).click();
    await toast(page, '已新建团队：氢能招商专班').waitFor();
    await waitRows(page, (r) => r.some((c) => c[0] === '氢能招商专班' && c[1] === '氢能产业链招商'));

    await page.locator('.el-table__body-wrapper tr.el-table__row', { hasText: '氢能招商专班' }).getByRole('button', { name: '编辑' }).click();
    const edit = dialog(page, '编辑团队');
    await inputIn(edit, '团队名称').fill('氢能与储能招商专班');
    await edit.getByRole('button', { name: '保存' }).click();
    await waitRows(page, (r) => r.some((c) => c[0] === '氢能与储能招商专班') && !r.some((c) => c[0] === '氢能招商专班'));

    await admin.open('/admin/users');
    await expectHeading(page, '用户管理');
    await page.getByRole('button', { name: '新建用户' }).click();
    const form = dialog(page, '新建用户');
    await itemIn(form, '所属团队').locator('.el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '氢能与储能招商专班' }).waitFor();
  });

  test('字典: an entry added and relabelled is offered by its new name in the project form; deactivated, it is not; its code stays', async ({ signedIn }) => {
    const admin = await signedIn('admin');
    const { page } = admin;
    await admin.open('/admin/dictionaries');
    await expectHeading(page, '字典管理');
    await pickOption(page, '字典', '园区组团');
    await waitRows(page, (r) => r.length > 0 && r.every((c) => c[2] !== 'new_energy_storage')); // the parks, not the chains

    await page.getByRole('button', { name: '新增条目' }).click();
    const add = dialog(page, '新增园区组团条目');
    await inputIn(add, '代码').fill('Hydrogen Park');
    await inputIn(add, '名称').fill('氢能产业园');
    await add.getByRole('button', { name: '保存' }).click();
    await itemIn(add, '代码').locator('.el-form-item__error', { hasText: '只能包含小写字母、数字和 _' }).waitFor();
    await inputIn(add, '代码').fill('hydrogen_park');
    await add.getByRole('button', { name: '保存' }).click();
    await toast(page, '已新增：氢能产业园').waitFor();
    await waitRows(page, (r) => r.some((c) => c[1] === '氢能产业园' && c[2] === 'hydrogen_park'));

    await page.locator('.el-table__body-wrapper tr.el-table__row', { hasText: 'hydrogen_park' }).getByRole('button', { name: '编辑' }).click();
    const edit = dialog(page, '编辑条目');
    expect(await inputIn(edit, '代码').isDisabled()).toBe(true);
    await inputIn(edit, '名称').fill('氢能装备产业园');
    await edit.getByRole('button', { name: '保存' }).click();
    await waitRows(page, (r) => r.some((c) => c[1] === '氢能装备产业园' && c[2] === 'hydrogen_park'));
    await admin.open('/projects/new');
    await expectHeading(page, '新建项目');
    const renamed = await optionsOf(page, '园区组团');
    expect(renamed).toContain('氢能装备产业园');
    expect(renamed).not.toContain('氢能产业园');

    await admin.open('/admin/dictionaries');
    await pickOption(page, '字典', '园区组团');
    await page.locator('.el-table__body-wrapper tr.el-table__row', { hasText: 'hydrogen_park' }).getByRole('button', { name: '停用' }).click();
    await waitRows(page, (r) => r.some((c) => c[2] === 'hydrogen_park' && c[4] === '已停用'));
    await admin.open('/projects/new');
    await expectHeading(page, '新建项目');
    expect(await optionsOf(page, '园区组团')).not.toContain('氢能装备产业园');
  });

  test('后台任务: 立即运行 每日提醒 shows the run, succeeded, with its figures named', async ({ signedIn }) => {
    const admin = await signedIn('admin');
    const { page } = admin;
    await admin.open('/admin/jobs');
    await expectHeading(page, '后台任务');
    const job = page.locator('[data-job="reminders.daily"]');
    await job.getByText('还没有运行记录').waitFor();
    await job.getByRole('button', { name: '立即运行' }).click();
    const run = dialog(page, '立即运行：每日提醒');
    await itemIn(run, '提醒日期').waitFor();
    await run.getByRole('button', { name: '运行' }).click();
    await toast(page, '已排入运行：每日提醒').waitFor();
    const row = job.locator('.el-table__body-wrapper tr.el-table__row').first();
    await waitUntil(() => row.textContent().catch(() => ''), (t) => !!t && t.includes('成功'), 'the run to finish', 30_000);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('手动');
    expect(text).toMatch(/收件人数\s*\d+/);
    expect(text).toMatch(/已发送\s*\d+/);
  });

  test('审计日志: filtered by the officer who changed a project, the row names him, the project and the change in Chinese', async ({ signedIn }) => {
    const w = web();
    const login = await w.api('POST', '/auth/login', null, { email: PEOPLE.officer.email, password: PEOPLE.officer.password });
    const officerToken = login.body.accessToken as string;
    const mine = (await w.api('GET', `/projects?pageSize=1&ownerId=${login.body.user.id}`, officerToken)).body.items[0] as { id: number; name: string; version: number; plannedInvestment: number | null };
    const patched = await w.api('PATCH', `/projects/${mine.id}`, officerToken, { version: mine.version, plannedInvestment: 4321 });
    expect(patched.status).toBe(200);

    const admin = await signedIn('admin');
    const { page } = admin;
    await admin.open('/admin/audit');
    await expectHeading(page, '审计日志');
    await page.locator('.entry').first().waitFor();
    await pickOption(page, '操作人', '刘专员');
    await page.getByRole('button', { name: '搜索' }).click();
    const entries = page.locator('.entry');
    await waitUntil(async () => (await entries.allTextContents()).map((t) => t.replace(/\s+/g, ' ')), (all) => all.length > 0 && all.every((t) => t.includes('刘专员')), 'only 刘专员’s rows');
    const latest = entries.first();
    const text = ((await latest.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('修改');
    expect(text).toContain(`项目「${mine.name}」`);
    const line = latest.locator('tbody tr', { hasText: '计划投资' });
    expect((await line.locator('td.new').textContent())?.trim()).toBe('4,321.00 万元');
    // the old amount as people read money (万元, or 亿元 from 1 亿 up), never the raw number
    expect((await line.locator('td.old').textContent())?.trim()).toMatch(mine.plannedInvestment === null ? /^—$/ : /^[\d,]+\.\d{2} (万元|亿元)$/);
  });

  test('every admin page fits a phone', async ({ signedIn }) => {
    const admin = await signedIn('admin', PHONE);
    for (const [path, title] of [['/admin/users', '用户管理'], ['/admin/teams', '团队管理'], ['/admin/dictionaries', '字典管理'], ['/admin/jobs', '后台任务'], ['/admin/audit', '审计日志']]) {
      await admin.open(path);
      await expectHeading(admin.page, title);
      await admin.page.locator('.panel').nth(1).waitFor();
      await admin.page.waitForLoadState('networkidle');
      // the page, and the content column (whose overflow-x: hidden would cut off, not scroll, what is too wide)
      const clipped = (await admin.page.evaluate("(() => { const m = document.querySelector('.content'); return m.scrollWidth - m.clientWidth; })()")) as number;
      expect({ path, overflow: await horizontalOverflow(admin.page), clipped }).toEqual({ path, overflow: 0, clipped: 0 });
    }
  });
});
