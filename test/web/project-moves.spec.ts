/**
 * Moving a project along the pipeline on 项目详情, as the people who do it: the officer takes his project
 * from 拜访接洽 to 洽谈 and on to 签约 (the signing form asks its date, 协议引资, 协议类型, 合同编号) and
 * sees the tag and the stepper follow. Two browsers on one project: the manager moves it first, the
 * officer's move says 「已被他人修改」 and the page shows the new stage; the manager reverts with a reason
 * in 阶段历史, which the officer is not offered. A leader reads the page with no write buttons.
 */
import { confirmIn, describeWeb, expectHeading, field, pickOption, projectStage, toast, waitStage, type Person } from '../helpers/browser';

describeWeb('web: project moves', ({ web, test }) => {
  /** A new project of the officer's, in 拜访接洽 (registered today, so moves dated today are in order). */
  const newProject = async (name: string) => {
    const w = web();
    const officer = await w.token('officer');
    const c = await w.api('POST', '/companies', officer, { name: `${name}有限公司` });
    const p = await w.api('POST', '/projects', officer, { name, companyId: c.body.id, industryChain: 'smart_equipment', plannedInvestment: 60000 });
    if (p.status !== 201) throw new Error(`POST /projects → ${p.status} ${JSON.stringify(p.body)}`);
    return p.body as { id: number; name: string };
  };
  const stageOf = async (id: number) => {
    const w = web();
    return (await w.api('GET', `/projects/${id}`, await w.token('manager'))).body as { stage: string; version: number; contractInvestment: number | null; agreementType: string | null; contractNo: string | null; signedOn: string | null };
  };
  const openProject = async (p: Person, project: { id: number; name: string }) => {
    await p.open(`/projects/${project.id}`);
    await expectHeading(p.page, '项目详情');
    await p.page.locator('h2.title', { hasText: project.name }).waitFor();
  };
  const moveButton = (p: Person, label: string) => p.page.locator('.actions').getByRole('button', { name: label, exact: true });

  test('the officer moves his project to 洽谈, then signs it with the signing data; tag and stepper follow', async ({ signedIn }) => {
    const project = await newProject('渝东某某精密减速机项目');
    const officer = await signedIn('officer');
    const { page } = officer;
    await openProject(officer, project);
    expect(await waitStage(page, '拜访接洽')).toEqual({ tag: '拜访接洽', step: '拜访接洽' });
    await page.getByRole('button', { name: '编辑项目' }).waitFor(); // what the leader's test expects absent
    await page.getByRole('button', { name: '新增跟进' }).waitFor();

    await moveButton(officer, '洽谈').click();
    await page.getByRole('dialog', { name: '改为「洽谈」' }).waitFor();
    await confirmIn(page, '确定');
    await toast(page, '已改为「洽谈」').waitFor();
    await waitStage(page, '洽谈');
    await page.getByRole('dialog', { name: '改为「洽谈」' }).waitFor({ state: 'hidden' });

    await moveButton(officer, '签约').click();
    const dialog = page.getByRole('dialog', { name: '改为「签约」' });
    await dialog.waitFor();
    // empty required fields are named before anything is sent
    await confirmIn(page, '确定');
    await dialog.getByText('请填写协议引资').waitFor();
    await dialog.getByText('请填写协议类型').waitFor();
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(await field(page, '签约日期').inputValue()).toBe(today); // today by default
    await field(page, '协议引资（万元）').fill('52000');
    await pickOption(page, '协议类型', '投资协议');
    await field(page, '合同编号').fill('WZ-2026-118');
    await confirmIn(page, '确定');
    await toast(page, '已改为「签约」').waitFor();
    await waitStage(page, '签约');
    // the stepper dates the signing; earlier steps are done
    await page.locator('.el-step', { hasText: '签约' }).getByText(today).waitFor();
    expect(await page.locator('.el-step__title.is-success').allTextContents()).toEqual(['拜访接洽', '洽谈']);
    expect(await stageOf(project.id)).toMatchObject({ stage: 'signed', signedOn: today, contractInvestment: 52000, agreementType: 'investment', contractNo: 'WZ-2026-118' });

    await page.getByRole('tab', { name: '阶段历史' }).click();
    const signing = page.locator('.el-timeline-item', { hasText: '洽谈 → 签约' });
    await signing.waitFor();
    for (const part of ['协议类型：投资协议', '合同编号：WZ-2026-118', '刘专员']) expect(await signing.textContent()).toContain(part);
  });

  test('the manager moves first: the officer is told 已被他人修改 and sees the new stage; the manager reverts, the officer may not', async ({ signedIn }) => {
    const project = await newProject('渝东某某伺服电机项目');
    const [officer, manager] = await Promise.all([signedIn('officer'), signedIn('manager')]);
    await Promise.all([openProject(officer, project), openProject(manager, project)]);
    await Promise.all([waitStage(officer.page, '拜访接洽'), waitStage(manager.page, '拜访接洽')]);

    await moveButton(manager, '洽谈').click();
    await confirmIn(manager.page, '确定');
    await waitStage(manager.page, '洽谈');

    // the officer's page still shows 拜访接洽 and offers 洽谈
    expect((await projectStage(officer.page)).tag).toBe('拜访接洽');
    await moveButton(officer, '洽谈').click();
    const dialog = officer.page.getByRole('dialog', { name: '改为「洽谈」' });
    await confirmIn(officer.page, '确定');
    await dialog.getByRole('alert').filter({ hasText: '已被他人修改' }).waitFor();
    await toast(officer.page, '已被他人修改').waitFor();
    await waitStage(officer.page, '洽谈'); // reloaded behind the dialog
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await moveButton(officer, '洽谈').count()).toBe(0);
    await moveButton(officer, '签约').waitFor();
    expect((await stageOf(project.id)).stage).toBe('negotiation');

    // 撤销上一步: the manager, with a reason
    await manager.page.getByRole('tab', { name: '阶段历史' }).click();
    await manager.page.locator('.el-timeline-item', { hasText: '拜访接洽 → 洽谈' }).waitFor();
    await manager.page.getByRole('button', { name: '撤销上一步' }).click();
    const revert = manager.page.getByRole('dialog', { name: '撤销上一步' });
    await revert.waitFor();
    await confirmIn(manager.page, '确认撤销');
    await revert.getByText('请填写撤销原因').waitFor(); // the reason is asked for
    await field(manager.page, '撤销原因').fill('误点：企业尚未进入实质洽谈');
    await confirmIn(manager.page, '确认撤销');
    await toast(manager.page, '已撤销上一步，项目回到「拜访接洽」').waitFor();
    await waitStage(manager.page, '拜访接洽');
    const reverted = manager.page.locator('.el-timeline-item', { hasText: '误点：企业尚未进入实质洽谈' });
    await reverted.waitFor();
    await manager.page.locator('.el-timeline-item', { hasText: '已撤销' }).waitFor();
    expect((await stageOf(project.id)).stage).toBe('visit');

    // the officer reloads: back in 拜访接洽, the history shows the revert, and no 撤销上一步 for him
    await officer.page.reload();
    await waitStage(officer.page, '拜访接洽');
    await officer.page.getByRole('tab', { name: '阶段历史' }).click();
    await officer.page.locator('.el-timeline-item', { hasText: '误点：企业尚未进入实质洽谈' }).waitFor();
    expect(await officer.page.getByRole('button', { name: '撤销上一步' }).count()).toBe(0);
    await moveButton(officer, '洽谈').waitFor(); // he may still move it himself
  });

  test('a leader reads the project with no move buttons, no 编辑项目, no 新增跟进', async ({ signedIn }) => {
    // (the first test finds these same buttons for the officer, so the counts below can fail)
    const project = await newProject('渝东某某数控机床项目');
    const leader = await signedIn('leader');
    const { page } = leader;
    await openProject(leader, project);
    await waitStage(page, '拜访接洽');
    await page.getByText(/共 \d+ 条/).waitFor(); // the 跟进记录 tab has loaded
    for (const name of ['洽谈', '签约', '暂缓', '终止', '编辑项目', '新增跟进', '移交', '删除项目']) {
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
    expect(await page.locator('.actions .el-button').count()).toBe(0);
    await page.getByRole('tab', { name: '阶段历史' }).click();
    await page.locator('.el-timeline-item', { hasText: '登记为「拜访接洽」' }).waitFor();
    expect(await page.getByRole('button', { name: '撤销上一步' }).count()).toBe(0);
  });
});
