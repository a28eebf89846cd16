import ExcelJS from 'exceljs';
import { type Account, bearer, makeProject, makeProjectOn, seedWorld, type World } from '../helpers/fixtures';
import { getProject, moveOk } from '../helpers/projects';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/** supertest keeps a binary body as it came */
function binary(response: unknown, done: (err: Error | null, body: Buffer) => void) {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * Issue 10, mistakes and handovers: deleting a project registered by
 * mistake, merging a duplicate company, handing many projects over, and the
 * people directory. Today is 2026-06-15 in Shanghai.
 */
describeEachDatabase('mistakes and handovers', (db) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const api = (path: string) => `/api/v1${path}`;
  const get = (who: Account, path: string) => t.http().get(api(path)).set(bearer(who));
  const del = (who: Account, id: number, body: Record<string, unknown>) => t.http().delete(api(`/projects/${id}`)).set(bearer(who)).send(body);
  const merge = (who: Account, id: number, body: Record<string, unknown>) => t.http().post(api(`/companies/${id}/merge`)).set(bearer(who)).send(body);
  const handover = (who: Account, body: Record<string, unknown>) => t.http().post(api('/projects/handover')).set(bearer(who)).send(body);
  const listIds = async (who: Account, query = '') => ((await get(who, `/projects?pageSize=200${query}`).expect(200)).body.items as { id: number }[]).map((p) => p.id);
  const signedYtd = async (who: Account) => {
    const s = await get(who, '/reports/summary?year=2026&month=6').expect(200);
    return s.body.indicators.find((i: { key: string }) => i.key === 'signedInvestment').ytd as number;
  };
  const remindedIds = async (who: Account) => ((await get(who, '/notifications/reminders').expect(200)).body.own as { projectId: number }[]).map((r) => r.projectId);
  const ledgerNames = async (who: Account) => {
    const res = await get(who, '/reports/projects.xlsx').buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('项目台账')!;
    const names: string[] = [];
    // the data rows: under the title and header rows, above the 合计 row
    for (let r = 3; r < ws.rowCount; r++) names.push(String(ws.getRow(r).getCell(2).value));
    return names;
  };
  const trail = async (who: Account, entity: string, id: number) =>
    (await get(who, `/audit?entity=${entity}&id=${id}`).expect(200)).body.items as { action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];

  describe('DELETE /projects/:id', () => {
    let p: { id: number; version: number; name: string; companyId: number };
    let twin: number;

    beforeAll(async () => {
      // Registered on 1 April with no activity since: stale, so it is in its owner's reminders; signed in May.
      const made = await makeProjectOn(t, '2026-04-01', w.officerA);
      await t.http().post(api(`/projects/${made.id}/activities`)).set(bearer(w.officerA))
        .send({ kind: 'call', occurredOn: '2026-04-02', summary: '误登记项目的一次电话' }).expect(201);
      const signed = await moveOk(t, w.officerA, made.id, { to: 'signed', signedOn: '2026-05-20', contractInvestment: 1234.5, agreementType: 'investment' });
      p = { id: made.id, version: signed.version, name: String(made.name), companyId: made.companyId };
      // The same investor in the same chain: each warns of the other (撞单).
      twin = (await t.http().post(api('/projects')).set(bearer(w.officerA2)).send({ name: '同一客商的第二个项目', companyId: p.companyId, industryChain: 'new_energy_storage' }).expect(201)).body.id;
    });

    it('refuses an officer, a manager of another team, a stale version and a missing reason, and changes nothing', async () => {
      expect((await del(w.officerA, p.id, { version: p.version, reason: '误登记' })).status).toBe(403);
      expect((await del(w.leader, p.id, { version: p.version, reason: '误登记' })).status).toBe(403);
      expect((await del(w.managerB, p.id, { version: p.version, reason: '误登记' })).status).toBe(404);
      const stale = await del(w.managerA, p.id, { version: p.version - 1, reason: '误登记' });
      expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 409, code: 'stale_version' });
      const noReason = await del(w.managerA, p.id, { version: p.version });
      expect({ status: noReason.status, field: noReason.body.details?.[0]?.field }).toEqual({ status: 400, field: 'reason' });
      expect((await getProject(t, w.admin, p.id)).version).toBe(p.version);
    });

    it('the project is everywhere before: list, summary, export, reminders, duplicate warning', async () => {
      expect(await listIds(w.admin)).toContain(p.id);
      expect(await ledgerNames(w.admin)).toContain(p.name);
      expect(await remindedIds(w.officerA)).toContain(p.id);
      const dup = await get(w.officerA2, `/projects/${twin}`).expect(200);
      expect(dup.body.possibleDuplicates.map((d: { projectId: number | null }) => d.projectId)).toContain(p.id);
    });

    it('a manager deletes his team\'s project with a reason: it is gone from every read, and the audit keeps it', async () => {
      const before = await signedYtd(w.leader);
      const signedInFunnel = async () =>
        (await get(w.leader, '/reports/summary?year=2026&month=6').expect(200)).body.funnel.stages.find((x: { stage: string }) => x.stage === 'signed').count as number;
      const funnelBefore = await signedInFunnel();
      // May is closed: its rollup is frozen with the project in it.
      const may = await t.http().post(api('/reports/monthly/2026/5/recompute')).set(bearer(w.admin)).expect(200);
      const res = await del(w.managerA, p.id, { version: p.version, reason: '重复登记，误录' }).expect(200);
      expect(res.body).toMatchObject({ id: p.id, version: p.version + 1, deletedById: w.managerA.id, deleteReason: '重复登记，误录' });

      for (const who of [w.admin, w.officerA, w.managerA, w.leader]) expect((await get(who, `/projects/${p.id}`)).status).toBe(404);
      expect(await listIds(w.admin)).not.toContain(p.id);
      expect(await listIds(w.admin, `&companyId=${p.companyId}`)).toEqual([twin]);
      expect(await signedYtd(w.leader)).toBeCloseTo(before - 1234.5, 4);
      // The district's month-end pipeline (the ledger) lost it too.
      expect(await signedInFunnel()).toBe(funnelBefore - 1);
      // A recompute of the closed month writes a new revision; the figure first reported stays on record, with the adjustment.
      const again = await t.http().post(api('/reports/monthly/2026/5/recompute')).set(bearer(w.admin)).expect(200);
      expect({ changed: again.body.changed, revision: again.body.revision }).toEqual({ changed: true, revision: may.body.revision + 1 });
      const rollup = ((await get(w.leader, '/reports/monthly?year=2026').expect(200)).body.items as { month: number; adjustments: { key: string; ytd: number }[] }[])
        .find((r) => r.month === 5)!;
      expect(rollup.adjustments.find((a) => a.key === 'signedInvestment')?.ytd).toBeCloseTo(-1234.5, 4);
      const summary = await get(w.leader, '/reports/summary/projects?year=2026&month=6').expect(200);
      expect(summary.body.items.map((i: { id: number }) => i.id)).not.toContain(p.id);
      expect(await ledgerNames(w.admin)).not.toContain(p.name);
      expect(await remindedIds(w.officerA)).not.toContain(p.id);
      const dup = await get(w.officerA2, `/projects/${twin}`).expect(200);
      expect(dup.body.possibleDuplicates.map((d: { projectId: number | null }) => d.projectId)).not.toContain(p.id);
      // What hangs off it answers 404 too, and its follow-ups leave the district's activity list.
      expect((await get(w.officerA, `/projects/${p.id}/transitions`)).status).toBe(404);
      for (const who of [w.admin, w.officerA]) {
        const acts = (await get(who, '/activities?pageSize=200').expect(200)).body.items as { projectId: number }[];
        expect(acts.map((a) => a.projectId)).not.toContain(p.id);
      }

      const rows = await trail(w.managerA, 'project', p.id);
      expect(rows[0]).toMatchObject({ action: 'delete', after: { deleteReason: '重复登记，误录', deletedById: w.managerA.id } });
      expect(rows[0].before).toMatchObject({ name: p.name });
      // Deleting it again: there is nothing to delete.
      expect((await del(w.admin, p.id, { version: p.version + 1, reason: '再删' })).status).toBe(404);
    });
  });

  describe('POST /companies/:id/merge', () => {
    const company = async (who: Account, name: string, contacts: { name: string; phone: string }[] = []) =>
      (await t.http().post(api('/companies')).set(bearer(who)).send({ name, contacts }).expect(201)).body as { id: number; version: number };

    it('moves the projects and contacts to the company that stays; the merged one answers 404 naming where it went', async () => {
      const dupe = await company(w.officerA, '重庆合并测试储能有限责任公司', [{ name: '赵强', phone: '13900001111' }]);
      const keep = await company(w.officerA, '重庆合并测试储能有限公司');
      const p = (await t.http().post(api('/projects')).set(bearer(w.officerA)).send({ name: '合并前的项目', companyId: dupe.id, industryChain: 'new_energy_storage' }).expect(201)).body;

      const res = await merge(w.managerA, dupe.id, { intoCompanyId: keep.id, version: dupe.version }).expect(200);
      expect(res.body).toMatchObject({ id: dupe.id, version: dupe.version + 1, mergedIntoId: keep.id, mergedIntoName: '重庆合并测试储能有限公司', movedProjects: 1, movedContacts: 1 });

      const moved = await getProject(t, w.officerA, p.id);
      expect({ companyId: moved.companyId, companyName: moved.companyName, version: moved.version }).toEqual({ companyId: keep.id, companyName: '重庆合并测试储能有限公司', version: p.version + 1 });
      const kept = await get(w.officerA, `/companies/${keep.id}`).expect(200);
      expect(kept.body.contacts.map((c: { name: string }) => c.name)).toEqual(['赵强']);
      const gone = await get(w.officerA, `/companies/${dupe.id}`);
      expect({ status: gone.status, code: gone.body.code, mergedInto: gone.body.mergedInto }).toEqual({
        status: 404, code: 'company_merged', mergedInto: { id: keep.id, name: '重庆合并测试储能有限公司' },
      });
      const listed = await get(w.officerA, `/companies?q=${encodeURIComponent('合并测试储能')}`).expect(200);
      expect(listed.body.items.map((c: { id: number }) => c.id)).toEqual([keep.id]);

      expect((await trail(w.admin, 'company', dupe.id))[0]).toMatchObject({ action: 'merge', after: { mergedIntoId: keep.id, projectIds: [p.id] } });
      expect((await trail(w.admin, 'company', keep.id))[0]).toMatchObject({ action: 'merge.receive', after: { mergedFromId: dupe.id, projectIds: [p.id] } });
      expect((await trail(w.managerA, 'project', p.id))[0]).toMatchObject({ action: 'merge', before: { companyId: dupe.id }, after: { companyId: keep.id } });

      // Into the merged company, or merging it again: refused.
      const other = await company(w.officerA, '另一家重复企业');
      const intoMerged = await merge(w.admin, other.id, { intoCompanyId: dupe.id, version: other.version });
      expect({ status: intoMerged.status, code: intoMerged.body.code }).toEqual({ status: 400, code: 'into_merged_company' });
      expect((await merge(w.admin, dupe.id, { intoCompanyId: other.id, version: dupe.version + 1 })).status).toBe(404);
    });

    it('refuses merging into itself, a stale version, an officer, and a manager who does not see every project of it', async () => {
      const a = await company(w.officerB, '乙队的重复企业');
      const b = await company(w.officerB, '乙队保留的企业');
      await t.http().post(api('/projects')).set(bearer(w.officerB)).send({ name: '乙队项目', companyId: a.id, industryChain: 'new_energy_storage' }).expect(201);
      const self = await merge(w.managerB, a.id, { intoCompanyId: a.id, version: a.version });
      expect({ status: self.status, code: self.body.code }).toEqual({ status: 400, code: 'same_company' });
      expect((await merge(w.managerB, a.id, { intoCompanyId: b.id, version: a.version + 5 })).status).toBe(409);
      expect((await merge(w.officerB, a.id, { intoCompanyId: b.id, version: a.version })).status).toBe(403);
      const outside = await merge(w.managerA, a.id, { intoCompanyId: b.id, version: a.version });
      expect({ status: outside.status, code: outside.body.code }).toEqual({ status: 403, code: 'outside_scope' });
      // Nothing moved: the company is still there, at its version.
      expect((await get(w.officerB, `/companies/${a.id}`).expect(200)).body.version).toBe(a.version);
    });
  });

  describe('POST /projects/handover', () => {
    it('hands several projects over in one go: new owner, new versions, one audit row each', async () => {
      const p1 = await makeProject(t, w.officerA);
      const p2 = await makeProject(t, w.officerA);
      const res = await handover(w.managerA, { projectIds: [p1.id, p2.id], toUserId: w.officerA2.id, reason: '人员调离' }).expect(200);
      expect(res.body).toEqual({ moved: 2, projects: [{ id: p1.id, version: p1.version + 1 }, { id: p2.id, version: p2.version + 1 }] });
      for (const p of [p1, p2]) {
        const now = await getProject(t, w.officerA2, p.id);
        expect({ ownerId: now.ownerId, teamId: now.teamId }).toEqual({ ownerId: w.officerA2.id, teamId: w.teamA });
        expect((await trail(w.managerA, 'project', p.id))[0]).toMatchObject({
          action: 'handover', before: { ownerId: w.officerA.id, ownerName: 'officerA' }, after: { ownerId: w.officerA2.id, ownerName: 'officerA2', reason: '人员调离' },
        });
      }
      // Handing them to whom they belong already moves nothing.
      const again = await handover(w.managerA, { projectIds: [p1.id], toUserId: w.officerA2.id }).expect(200);
      expect(again.body).toEqual({ moved: 0, projects: [{ id: p1.id, version: p1.version + 1 }] });
    });

    it('is all or nothing: one project outside the scope (or missing) and nothing moves, the 403 naming it', async () => {
      const mine = await makeProject(t, w.officerA);
      const theirs = await makeProject(t, w.officerB);
      const res = await handover(w.managerA, { projectIds: [mine.id, theirs.id, 999999], toUserId: w.officerA2.id });
      expect({ status: res.status, code: res.body.code, projectIds: res.body.projectIds }).toEqual({ status: 403, code: 'projects_outside_scope', projectIds: [theirs.id, 999999] });
      expect((await getProject(t, w.officerA, mine.id))).toMatchObject({ ownerId: w.officerA.id, version: mine.version });
    });

    it('refuses a receiver in another team for a team manager, an inactive receiver, an officer, and bad id lists', async () => {
      const p = await makeProject(t, w.officerA);
      const otherTeam = await handover(w.managerA, { projectIds: [p.id], toUserId: w.officerB.id });
      expect({ status: otherTeam.status, code: otherTeam.body.code }).toEqual({ status: 403, code: 'outside_own_team' });
      const left = (await t.http().post(api('/users')).set(bearer(w.admin)).send({ email: 'left@test.local', name: '已调离', password: 'password-123', role: 'officer', teamId: w.teamA }).expect(201)).body;
      await t.http().patch(api(`/users/${left.id}`)).set(bearer(w.admin)).send({ active: false }).expect(200);
      const inactive = await handover(w.managerA, { projectIds: [p.id], toUserId: left.id });
      expect({ status: inactive.status, code: inactive.body.code, field: inactive.body.details?.[0]?.field }).toEqual({ status: 400, code: 'bad_owner', field: 'toUserId' });
      expect((await handover(w.officerA, { projectIds: [p.id], toUserId: w.officerA2.id })).status).toBe(403);
      expect((await handover(w.managerA, { projectIds: [], toUserId: w.officerA2.id })).status).toBe(400);
      expect((await handover(w.managerA, { projectIds: [p.id, p.id], toUserId: w.officerA2.id })).status).toBe(400);
      expect((await handover(w.managerA, { projectIds: Array.from({ length: 501 }, (_, i) => i + 1), toUserId: w.officerA2.id })).status).toBe(400);
      expect((await getProject(t, w.officerA, p.id))).toMatchObject({ ownerId: w.officerA.id, version: p.version });
    });

    it('an admin hands a project to another team: it moves with its new owner', async () => {
      const p = await makeProject(t, w.officerA);
      await handover(w.admin, { projectIds: [p.id], toUserId: w.officerB.id }).expect(200);
      expect(await getProject(t, w.officerB, p.id)).toMatchObject({ ownerId: w.officerB.id, teamId: w.teamB });
      expect((await get(w.officerA, `/projects/${p.id}`)).status).toBe(404);
    });
  });

  describe('GET /people', () => {
    type Person = { id: number; name: string; teamId: number | null; teamName: string | null; role: string; roleLabel: string };
    const people = async (who: Account) => (await get(who, '/people').expect(200)).body.items as Person[];

    it('a district-wide reader sees every active person; a team sees its own people and themselves; no e-mail', async () => {
      const all = await people(w.viewer);
      const ids = all.map((p) => p.id);
      expect(ids).toEqual(expect.arrayContaining([w.admin.id, w.managerA.id, w.officerA.id, w.officerB.id, w.managerB.id]));
      expect(all.find((p) => p.id === w.officerB.id)).toEqual({ id: w.officerB.id, name: 'officerB', teamId: w.teamB, teamName: '电子信息小分队', role: 'officer', roleLabel: '招商专员' });
      // The account deactivated above is not offered.
      expect(all.map((p) => p.name)).not.toContain('已调离');

      const mine = (await people(w.officerA)).map((p) => p.id).sort((a, b) => a - b);
      expect(mine).toEqual([w.managerA.id, w.officerA.id, w.officerA2.id].sort((a, b) => a - b));
      expect((await people(w.managerB)).map((p) => p.id).sort((a, b) => a - b)).toEqual([w.managerB.id, w.officerB.id].sort((a, b) => a - b));
      await t.http().get(api('/people')).expect(401);
    });
  });
});
