/**
 * Issue 11, the 大屏: an admin makes a read-only display link; its key opens
 * GET /display/summary (the district's figures of the current month) and no
 * other route; revoked, it opens nothing.
 */
import { bearer, makeProjectOn, seedWorld, type World } from '../helpers/fixtures';
import { type OpenApiDocument, operations } from '../helpers/openapi';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

const SUMMARY = '/api/v1/display/summary';
const KEY = 'X-Display-Key';

describeEachDatabase('display links (大屏)', (db) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
  });
  afterAll(() => t?.close());

  it('a key opens the district figures of the current month, the same as the leader\'s summary, with the 督办 counts', async () => {
    // One signing this month (team A), and a project of team B not followed up since January: red.
    const signed = await makeProjectOn(t, '2026-06-01', w.officerA);
    await t.http().post(`/api/v1/projects/${signed.id}/transitions`).set(bearer(w.officerA))
      .send({ to: 'signed', version: signed.version, signedOn: '2026-06-10', contractInvestment: 12345.6789, agreementType: 'investment' }).expect(201);
    const stale = await makeProjectOn(t, '2026-01-05', w.officerB);
    // Signed, then dropped, and another excluded from the figures: their names stay off the wall.
    const dropped = await makeProjectOn(t, '2026-06-01', w.officerA, { name: '不上大屏的终止项目' });
    const s1 = await t.http().post(`/api/v1/projects/${dropped.id}/transitions`).set(bearer(w.officerA))
      .send({ to: 'signed', version: dropped.version, signedOn: '2026-06-02', contractInvestment: 100, agreementType: 'investment' }).expect(201);
    await t.http().post(`/api/v1/projects/${dropped.id}/transitions`).set(bearer(w.managerA))
      .send({ to: 'dropped', version: s1.body.project.version, reasonCode: 'funding', reason: '资金不到位' }).expect(201);
    await t.http().put('/api/v1/targets/2026').set(bearer(w.admin))
      .send({ signedInvestment: 3_000_000, fundsInPlace: 1_000_000, signings: 40, constructionStarts: 20, productionStarts: 20, exclusions: [{ projectId: stale.id, reason: '不上大屏的排除理由' }] })
      .expect(200);

    const made = await t.http().post('/api/v1/display-links').set(bearer(w.admin)).send({ name: '三楼会议室大屏' }).expect(201);
    expect(made.body).toMatchObject({ name: '三楼会议室大屏', active: true, revokedAt: null, createdByName: expect.any(String) });
    expect(made.body.key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(made.body.url).toMatch(new RegExp(`/#/display\\?key=${made.body.key}$`));

    const shown = await t.http().get(SUMMARY).set(KEY, made.body.key).expect(200);
    const leader = await t.http().get('/api/v1/reports/summary?year=2026&month=6').set(bearer(w.leader)).expect(200);
    expect(shown.body).toMatchObject({ year: 2026, month: 6 });
    // The leader's summary, less the names of projects.
    expect(leader.body.signedThenDropped.projects).toHaveLength(1);
    expect(leader.body.conventions.exclusions).toHaveLength(1);
    expect(shown.body.summary).toEqual({
      ...leader.body,
      conventions: { ...leader.body.conventions, exclusions: [] },
      signedThenDropped: { ...leader.body.signedThenDropped, projects: [] },
    });
    expect(shown.body.summary.signedThenDropped).toMatchObject({ count: 1, amount: 100 });
    expect(JSON.stringify(shown.body)).not.toMatch(/不上大屏/);
    const series = await t.http().get('/api/v1/reports/series?year=2026').set(bearer(w.leader)).expect(200);
    expect(shown.body.series).toEqual(series.body);
    expect(shown.body.summary.indicators.find((i: { key: string }) => i.key === 'signedInvestment')).toMatchObject({ month: 12445.6789, ytd: 12445.6789 });

    const red = (await t.http().get('/api/v1/projects?light=red&pageSize=1').set(bearer(w.leader)).expect(200)).body.total as number;
    const yellow = (await t.http().get('/api/v1/projects?light=yellow&pageSize=1').set(bearer(w.leader)).expect(200)).body.total as number;
    expect(red).toBe(1);
    expect(shown.body.supervision).toMatchObject({ red, yellow });
    expect(shown.body.supervision.teams[0]).toMatchObject({ teamId: w.teamB, teamName: '电子信息小分队', red: 1 });

    // The list shows the link and when the screen last read, never the key.
    const list = await t.http().get('/api/v1/display-links').set(bearer(w.admin)).expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].key).toBeUndefined();
    expect(list.body.items[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(made.body.key);
  });

  it('the key opens no other route, as a display key or as a bearer token', async () => {
    const { key } = (await t.http().post('/api/v1/display-links').set(bearer(w.admin)).send({ name: '走廊大屏' }).expect(201)).body;
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
    const opened: string[] = [];
    for (const { method, path } of operations(doc)) {
      if (/\/(health|auth\/login|display\/summary)$/.test(path)) continue;
      const url = path.replace(/\{[^}]+\}/g, (m) => (m === '{year}' ? '2026' : m === '{month}' ? '5' : '1'));
      for (const header of [{ [KEY]: key }, { Authorization: `Bearer ${key}` }]) {
        const res = await t.http()[method as 'get'](url).set(header);
        if (res.status !== 401) opened.push(`${method.toUpperCase()} ${url} ${Object.keys(header)[0]}: ${res.status}`);
      }
    }
    expect(opened).toEqual([]);
    // A session is not a display key either.
    await t.http().get(SUMMARY).set(bearer(w.admin)).expect(401);
  });

  it('a missing or unknown key is refused with a Chinese message', async () => {
    const missing = await t.http().get(SUMMARY).expect(401);
    expect(missing.body).toMatchObject({ code: 'missing_display_key' });
    const unknown = await t.http().get(SUMMARY).set(KEY, 'x'.repeat(32)).expect(401);
    expect(unknown.body).toMatchObject({ code: 'display_link_invalid', message: '此大屏链接已失效，请联系管理员' });
    await t.http().get(SUMMARY).set(KEY, 'x'.repeat(5000)).expect(401);
  });

  it('a revoked link answers 401 at once, and the revocation is audited', async () => {
    const made = (await t.http().post('/api/v1/display-links').set(bearer(w.admin)).send({ name: '待撤销大屏' }).expect(201)).body;
    await t.http().get(SUMMARY).set(KEY, made.key).expect(200);
    const revoked = await t.http().delete(`/api/v1/display-links/${made.id}`).set(bearer(w.admin)).expect(200);
    expect(revoked.body).toMatchObject({ id: made.id, active: false, revokedAt: expect.any(String) });
    const refused = await t.http().get(SUMMARY).set(KEY, made.key).expect(401);
    expect(refused.body.message).toBe('此大屏链接已失效，请联系管理员');
    // Revoking again changes nothing; an unknown link is 404.
    const again = await t.http().delete(`/api/v1/display-links/${made.id}`).set(bearer(w.admin)).expect(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    await t.http().delete('/api/v1/display-links/999999').set(bearer(w.admin)).expect(404);

    const audit = await t.http().get(`/api/v1/audit?entity=display_link&id=${made.id}`).set(bearer(w.admin)).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'revoke']);
    expect(JSON.stringify(audit.body)).not.toContain(made.key);
  });

  it('only an admin makes, lists or revokes links', async () => {
    for (const who of [w.leader, w.managerA, w.officerA, w.viewer]) {
      await t.http().post('/api/v1/display-links').set(bearer(who)).send({ name: '越权大屏' }).expect(403);
      await t.http().get('/api/v1/display-links').set(bearer(who)).expect(403);
      await t.http().delete('/api/v1/display-links/1').set(bearer(who)).expect(403);
    }
    await t.http().post('/api/v1/display-links').send({ name: '未登录' }).expect(401);
    const bad = await t.http().post('/api/v1/display-links').set(bearer(w.admin)).send({ name: '' }).expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'name' });
  });
});
