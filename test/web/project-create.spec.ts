/**
 * 新建项目 as an officer registers a lead: the investor found by a few characters of its name, an 产业链
 * in which that company already has a project in progress → the 撞单 warning shows before saving and
 * 保存项目 stays disabled until 「已核实，仍然创建」 is ticked; saving lands on the new project's page.
 * 登记新企业 checks the credit code as typed: a wrong check digit shows the server's message on the field.
 */
import { describeWeb, expectHeading, field, formItem, pickOption, searchAndPick, toast } from '../helpers/browser';

describeWeb('web: project create', ({ web, test }) => {
  test('an existing investor in a chain it is pursued in warns 疑似重复; saving needs 已核实 and opens the new project', async ({ signedIn }) => {
    // the demo's 上海某某材料股份有限公司 has 高性能锂电隔膜项目 (新材料) in 洽谈
    const w = web();
    const token = await w.token('officer');
    const before = (await w.api('GET', `/projects?q=${encodeURIComponent('上海某某')}`, token)).body.items as { name: string; stage: string; industryChainLabel?: string }[];
    expect(before.map((p) => [p.name, p.stage])).toEqual([['高性能锂电隔膜项目', 'negotiation']]);

    const officer = await signedIn('officer');
    const { page } = officer;
    await page.getByRole('menuitem', { name: '项目列表' }).click();
    await page.getByRole('button', { name: '新建项目' }).click();
    await officer.waitHash(/^#\/projects\/new$/);
    await expectHeading(page, '新建项目');

    await searchAndPick(page, '投资企业', '上海某某', '上海某某材料股份有限公司');
    await field(page, '项目名称').fill('隔膜二期扩产项目');
    const save = page.getByRole('button', { name: '保存项目' });

    await pickOption(page, '产业链', '新材料');
    const warning = page.getByRole('alert').filter({ hasText: '疑似重复' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('高性能锂电隔膜项目');
    expect(await save.isDisabled()).toBe(true);

    // another chain: no warning, no box to tick; back to 新材料: the warning again, unticked
    await pickOption(page, '产业链', '电子信息制造');
    await warning.waitFor({ state: 'detached' });
    expect(await save.isDisabled()).toBe(false);
    await pickOption(page, '产业链', '新材料');
    await warning.waitFor();
    expect(await save.isDisabled()).toBe(true);

    const confirmBox = page.getByRole('checkbox', { name: '已核实，仍然创建' });
    expect(await confirmBox.isChecked()).toBe(false);
    await page.locator('.el-checkbox', { hasText: '已核实，仍然创建' }).click();
    expect(await confirmBox.isChecked()).toBe(true);
    expect(await save.isDisabled()).toBe(false);
    await save.click();

    await officer.waitHash(/^#\/projects\/\d+$/);
    const id = Number(officer.hash().split('/').pop());
    await expectHeading(page, '项目详情');
    await page.locator('h2.title', { hasText: '隔膜二期扩产项目' }).waitFor();
    await toast(page, '已创建项目「隔膜二期扩产项目」').waitFor();

    const created = await w.api('GET', `/projects/${id}`, token);
    expect(created.body).toMatchObject({ name: '隔膜二期扩产项目', companyName: '上海某某材料股份有限公司', industryChain: 'new_materials', stage: 'visit' });
  });

  test('登记新企业 with a wrong credit code shows the server check-digit message on the field as typed', async ({ signedIn }) => {
    const officer = await signedIn('officer');
    const { page } = officer;
    await officer.open('/projects/new');
    await expectHeading(page, '新建项目');
    await page.getByRole('button', { name: '登记新企业' }).click();
    const dialog = page.getByRole('dialog', { name: '登记新企业' });
    await dialog.waitFor();

    await field(page, '企业名称').fill('武汉某某光电有限公司');
    const code = formItem(page, '统一社会信用代码');
    await field(page, '统一社会信用代码').pressSequentially('91310000MA1FL6QJ24', { delay: 10 }); // the valid one ends in 3
    await code.locator('.el-form-item__error', { hasText: '统一社会信用代码校验位错误，应为 3' }).waitFor();

    // corrected as typed: the message goes (and the code is the demo's 上海某某材料, so its duplicate shows)
    await field(page, '统一社会信用代码').press('Backspace');
    await field(page, '统一社会信用代码').press('3');
    await code.locator('.el-form-item__error').waitFor({ state: 'detached' });
  });
});
