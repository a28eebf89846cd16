import { type Account, bearer, fieldsOf, makeProject, makeProjectOn, seedWorld, totalOf, type World } from '../helpers/fixtures';
import { getProject, logActivity } from '../helpers/projects';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

type ActivityBody = { id: number; version: number; occurredOn: string; summary: string; canEdit: boolean; [k: string]: unknown };
type AuditRow = { action: string; actorId: number; before: Record<string, unknown> | null; after: Record<string, unknown> | null };
type Reminder = { kind: string; projectId: number; date: string };

/** Issue 10: follow-ups can be corrected and removed; a retried POST logs once. Today is 2026-06-15 in Shanghai. */
describeEachDatabase('correcting follow-ups', (db) => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  const base = { kind: 'call', occurredOn: '2026-06-10', summary: '电话沟通用地需求' };
  const log = async (who: Account, projectId: number, body: Record<string, unknown> = {}): Promise<ActivityBody> => {
    const res = await logActivity(t, who, projectId, { ...base, ...body });
    if (res.status !== 201) throw new Error(`log: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as ActivityBody;
  };
  const edit = (who: Account, id: number, body: Record<string, unknown>) => t.http().patch(`/api/v1/activities/${id}`).set(bearer(who)).send(body);
  const remove = (who: Account, id: number, version?: number) =>
    t.http().delete(`/api/v1/activities/${id}${version === undefined ? '' : `?version=${version}`}`).set(bearer(who));
  const listed = async (who: Account, projectId: number): Promise<ActivityBody[]> =>
    (await t.http().get(`/api/v1/projects/${projectId}/activities?pageSize=200`).set(bearer(who)).expect(200)).body.items;
  const lastActivityOn = async (projectId: number) => (await getProject(t, w.admin, projectId)).lastActivityOn as string | null;
  const trail = async (projectId: number, action: string): Promise<AuditRow[]> =>
    ((await t.http().get(`/api/v1/audit?entity=project&id=${projectId}&pageSize=200`).set(bearer(w.admin)).expect(200)).body.items as AuditRow[])
      .filter((r) => r.action === action);
  const reminders = async (who: Account, projectId: number): Promise<Reminder[]> =>
    ((await t.http().get('/api/v1/notifications/reminders').set(bearer(who)).expect(200)).body.own as Reminder[]).filter((r) => r.projectId === projectId);

  describe('who may', () => {
    it('lets the author, and a manager or admin in scope, edit; a teammate officer gets 403, leaders and viewers 403, another team 404', async () => {
      const p = await makeProject(t, w.officerA);
      const a = await log(w.officerA, p.id);
      expect(a).toMatchObject({ version: 1, canEdit: true });

      // canEdit as each reader sees it
      const canEdit = async (who: Account) => (await listed(who, p.id)).find((x) => x.id === a.id)!.canEdit;
      expect({
        officerA: await canEdit(w.officerA), officerA2: await canEdit(w.officerA2), managerA: await canEdit(w.managerA),
        admin: await canEdit(w.admin), leader: await canEdit(w.leader), viewer: await canEdit(w.viewer),
      }).toEqual({ officerA: true, officerA2: false, managerA: true, admin: true, leader: false, viewer: false });

      const refused: [Account, number, string][] = [
        [w.officerA2, 403, 'not_author'], [w.leader, 403, 'role_not_allowed'], [w.viewer, 403, 'role_not_allowed'],
        [w.officerB, 404, 'not_found'], [w.managerB, 404, 'not_found'],
      ];
      for (const [who, status, code] of refused) {
        const res = await edit(who, a.id, { summary: '不该改成这样' });
        expect({ who: who.email, status: res.status, code: res.body.code }).toEqual({ who: who.email, status, code });
        const del = await remove(who, a.id);
        expect({ who: who.email, status: del.status }).toEqual({ who: who.email, status });
      }
      expect((await listed(w.admin, p.id)).map((x) => [x.id, x.summary])).toEqual([[a.id, base.summary]]);

      const byAuthor = await edit(w.officerA, a.id, { summary: '本人更正', version: 1 });
      expect(byAuthor.status).toBe(200);
      expect(byAuthor.body).toMatchObject({ id: a.id, summary: '本人更正', version: 2, canEdit: true, createdById: w.officerA.id, createdByName: 'officerA' });
      const byManager = await edit(w.managerA, a.id, { location: '平山组团', version: 2 });
      expect(byManager.body).toMatchObject({ summary: '本人更正', location: '平山组团', version: 3, createdById: w.officerA.id });
      expect((await edit(w.admin, a.id, { participants: '王局长' })).status).toBe(200);
      // the manager may delete it too; then it is gone for everyone
      expect((await remove(w.managerA, a.id)).status).toBe(204);
      expect(await listed(w.admin, p.id)).toEqual([]);
      expect((await edit(w.officerA, a.id, { summary: '已删除' })).status).toBe(404);
      expect((await remove(w.officerA, a.id)).status).toBe(404);
    });

    it('lets the officer delete his own follow-up on a teammate’s project', async () => {
      const p = await makeProject(t, w.officerA);
      const a = await log(w.officerA2, p.id);
      expect((await remove(w.officerA, a.id)).status).toBe(403);
      expect((await remove(w.officerA2, a.id)).status).toBe(204);
      expect(await totalOf(t, w.admin, `/api/v1/projects/${p.id}/activities`)).toBe(0);
    });
  });

  describe('versions and input', () => {
    it('refuses an edit or a delete made on a stale copy with 409 stale_version, changing nothing', async () => {
      const p = await makeProject(t, w.officerA);
      const a = await log(w.officerA, p.id);
      const first = await edit(w.managerA, a.id, { summary: '负责人先改', version: 1 });
      expect(first.body.version).toBe(2);
      const stale = await edit(w.officerA, a.id, { summary: '专员后改', version: 1 });
      expect({ status: stale.status, code: stale.body.code, currentVersion: stale.body.currentVersion }).toEqual({ status: 409, code: 'stale_version', currentVersion: 2 });
      const staleDelete = await remove(w.officerA, a.id, 1);
      expect({ status: staleDelete.status, code: staleDelete.body.code }).toEqual({ status: 409, code: 'stale_version' });
      expect((await listed(w.officerA, p.id)).map((x) => [x.summary, x.version])).toEqual([['负责人先改', 2]]);
      expect((await remove(w.officerA, a.id, 2)).status).toBe(204);
    });

    it('checks the activity as it will be: future dates, guest counts, leaders, follow-up before the day; nothing written on refusal', async () => {
      const p = await makeProject(t, w.officerA);
      const a = await log(w.officerA, p.id, { nextFollowUpOn: '2026-06-12' });
      const cases: [Record<string, unknown>, string][] = [
        [{ occurredOn: '2026-06-16', nextFollowUpOn: '2026-06-20' }, 'occurredOn'],
        [{ kind: 'reception' }, 'guestCount'],
        [{ guestCount: 3 }, 'guestCount'],
        [{ leaderLed: true }, 'leaderName'],
        [{ occurredOn: '2026-06-13' }, 'nextFollowUpOn'],
        [{ summary: '' }, 'summary'],
        [{ summary: null }, 'summary'],
        [{ clientKey: 'abcdefgh-1234' }, 'clientKey'],
        [{ version: 0 }, 'version'],
      ];
      for (const [body, field] of cases) {
        const res = await edit(w.officerA, a.id, body);
        expect({ body, status: res.status, fields: fieldsOf(res.body) }).toEqual({ body, status: 400, fields: [field] });
      }
      // a reception with its guests, and a null that clears a field, are fine
      const ok = await edit(w.officerA, a.id, { kind: 'reception', guestCount: 4, nextFollowUpOn: null });
      expect(ok.body).toMatchObject({ kind: 'reception', kindLabel: '来访接待', guestCount: 4, nextFollowUpOn: null, version: 2 });
      expect((await trail(p.id, 'activity.update')).length).toBe(1);
    });

    it('writes no new version and no audit row when nothing changes', async () => {
      const p = await makeProject(t, w.officerA);
      const a = await log(w.officerA, p.id);
      const same = await edit(w.officerA, a.id, { summary: base.summary, kind: 'call', version: 1 });
      expect(same.body.version).toBe(1);
      expect(await trail(p.id, 'activity.update')).toEqual([]);
    });
  });

  describe('audit, last activity, reminders and the 督办灯', () => {
    it('audits edits (what changed, with the activity’s id) and deletes (what it was) under the project', async () => {
      const p = await makeProject(t, w.officerA);
      const a = await log(w.officerA, p.id);
      await edit(w.managerA, a.id, { summary: '更正摘要', version: 1 }).expect(200);
      await remove(w.officerA, a.id).expect(204);
      const [update] = await trail(p.id, 'activity.update');
      expect(update).toMatchObject({ actorId: w.managerA.id, before: { id: a.id, summary: base.summary }, after: { id: a.id, summary: '更正摘要', version: 2 } });
      expect(Object.keys(update.before!).sort()).toEqual(['id', 'summary']);
      const [deleted] = await trail(p.id, 'activity.delete');
      expect(deleted).toMatchObject({ actorId: w.officerA.id, before: { id: a.id, summary: '更正摘要', occurredOn: base.occurredOn, createdById: w.officerA.id }, after: null });
    });

    it('recomputes lastActivityOn from the activities that remain, back to none, without touching the project’s version', async () => {
      const p = await makeProject(t, w.officerA);
      const june = await log(w.officerA, p.id, { occurredOn: '2026-06-10' });
      const may = await log(w.officerA2, p.id, { occurredOn: '2026-05-01' });
      expect(await lastActivityOn(p.id)).toBe('2026-06-10');
      await remove(w.officerA, june.id).expect(204);
      expect(await lastActivityOn(p.id)).toBe('2026-05-01');
      await edit(w.officerA2, may.id, { occurredOn: '2026-04-20' }).expect(200);
      expect(await lastActivityOn(p.id)).toBe('2026-04-20');
      await edit(w.officerA2, may.id, { occurredOn: '2026-06-14' }).expect(200);
      expect(await lastActivityOn(p.id)).toBe('2026-06-14');
      await remove(w.managerA, may.id).expect(204);
      expect(await lastActivityOn(p.id)).toBeNull();
      expect((await getProject(t, w.admin, p.id)).version).toBe(p.version);
    });

    it('the 督办灯 and the reminders follow: deleting the recent visit turns the light red and the stale reminder on; moving the follow-up date clears it', async () => {
      const p = await makeProjectOn(t, '2026-01-05', w.officerA);
      await log(w.officerA, p.id, { occurredOn: '2026-03-01', summary: '三月拜访' });
      const recent = await log(w.officerA, p.id, { occurredOn: '2026-06-10', nextFollowUpOn: '2026-06-12' });
      expect((await getProject(t, w.officerA, p.id)).supervision).toMatchObject({ light: 'green', daysSinceActivity: 5 });
      expect((await reminders(w.officerA, p.id)).map((r) => [r.kind, r.date])).toEqual([['follow_up', '2026-06-12']]);

      // the follow-up was agreed for later: the due reminder goes
      await edit(w.officerA, recent.id, { nextFollowUpOn: '2026-06-30' }).expect(200);
      expect(await reminders(w.officerA, p.id)).toEqual([]);

      // the June visit was logged on the wrong project: without it the project is quiet since March
      await remove(w.officerA, recent.id).expect(204);
      expect((await getProject(t, w.officerA, p.id)).supervision).toMatchObject({ light: 'red', daysSinceActivity: 106 });
      expect((await reminders(w.officerA, p.id)).map((r) => [r.kind, r.date])).toEqual([['stale', '2026-03-01']]);
      const red = (await t.http().get('/api/v1/projects?light=red&pageSize=200').set(bearer(w.managerA)).expect(200)).body.items.map((x: { id: number }) => x.id);
      expect(red).toContain(p.id);
    });
  });

  describe('idempotent create (clientKey)', () => {
    it('answers a retried POST with the activity already logged: same id, one row, one audit row', async () => {
      const p = await makeProject(t, w.officerA);
      const key = 'c0ffee00-1111-4222-8333-444455556666';
      const first = await logActivity(t, w.officerA, p.id, { ...base, clientKey: key });
      const retry = await logActivity(t, w.officerA, p.id, { ...base, clientKey: key });
      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.body).toEqual(first.body);
      expect(await totalOf(t, w.admin, `/api/v1/projects/${p.id}/activities`)).toBe(1);
      expect(await trail(p.id, 'activity.create')).toHaveLength(1);
      // another person's key is his own; a new key is a new activity
      expect((await logActivity(t, w.officerA2, p.id, { ...base, clientKey: key })).body.id).not.toBe(first.body.id);
      expect((await logActivity(t, w.officerA, p.id, { ...base, clientKey: 'c0ffee00-other' })).body.id).not.toBe(first.body.id);
      expect(await totalOf(t, w.admin, `/api/v1/projects/${p.id}/activities`)).toBe(3);
    });

    it('refuses the key on another project with 409 client_key_reused, and a malformed key with 400', async () => {
      const p = await makeProject(t, w.officerA);
      const q = await makeProject(t, w.officerA);
      await logActivity(t, w.officerA, p.id, { ...base, clientKey: 'draft-key-0001' }).expect(201);
      const other = await logActivity(t, w.officerA, q.id, { ...base, clientKey: 'draft-key-0001' });
      expect({ status: other.status, code: other.body.code, fields: fieldsOf(other.body) }).toEqual({ status: 409, code: 'client_key_reused', fields: ['clientKey'] });
      for (const clientKey of ['short', 'x'.repeat(65), '含中文的键abcdefg', 'with space 123', '']) {
        const res = await logActivity(t, w.officerA, q.id, { ...base, clientKey });
        expect({ clientKey, status: res.status, fields: fieldsOf(res.body) }).toEqual({ clientKey, status: 400, fields: ['clientKey'] });
      }
      expect(await totalOf(t, w.admin, `/api/v1/projects/${q.id}/activities`)).toBe(0);
    });

    it('logs once when the same key is posted many times at once', async () => {
      const p = await makeProject(t, w.officerA);
      const key = 'race-key-7f3a9c2e';
      const answers = await Promise.all(Array.from({ length: 6 }, () => logActivity(t, w.officerA, p.id, { ...base, clientKey: key })));
      expect(answers.map((r) => r.status)).toEqual(Array(6).fill(201));
      expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
      expect(await totalOf(t, w.admin, `/api/v1/projects/${p.id}/activities`)).toBe(1);
      expect(await trail(p.id, 'activity.create')).toHaveLength(1);
      expect(await lastActivityOn(p.id)).toBe(base.occurredOn);
    });

    it('without a key every POST logs', async () => {
      const p = await makeProject(t, w.officerA);
      await Promise.all([log(w.officerA, p.id), log(w.officerA, p.id)]);
      expect(await totalOf(t, w.admin, `/api/v1/projects/${p.id}/activities`)).toBe(2);
    });
  });
});
