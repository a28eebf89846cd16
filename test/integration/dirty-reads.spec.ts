import { UnitOfWork } from '../../src/core/database/unit-of-work';
import { ProjectsRepository } from '../../src/projects/projects.repository';
import { TransitionsRepository } from '../../src/projects/transitions.repository';
import { type Account, bearer, makeProject, seedWorld } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, TEST_TODAY, type TestApp } from '../helpers/test-app';

/** Thrown inside the unit to roll it back. */
class RollBack extends Error {}

/** A promise and the function that settles it: the gate a paused unit of work waits at. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

const ITERATIONS = 25;

/**
 * Reads see only committed data. A write unit moves a project (the project
 * row and a history row, as a transition does), then pauses with its
 * transaction open while the API answers a list, a detail and a history
 * read, then rolls back. On SQLite one shared connection would have shown
 * those reads the move that never happened (STACK.md "SQLite reads"); the
 * reads go through their own connection (core/database/read-data-source.ts).
 */
describeEachDatabase('reads racing a write that rolls back', (db) => {
  let t: TestApp;
  let officer: Account;
  let projectId: number;

  beforeAll(async () => {
    t = await startTestApp(db);
    const w = await seedWorld(t);
    officer = w.officerA;
    projectId = (await makeProject(t, officer, { name: '回滚竞态项目' })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Opens a unit that moves the project to negotiation and waits at the gate before rolling back. */
  function pausedMove(release: Promise<void>): { inside: Promise<void>; done: Promise<unknown> } {
    const entered = gate();
    const uow = t.app.get(UnitOfWork);
    const projects = t.app.get(ProjectsRepository);
    const transitions = t.app.get(TransitionsRepository);
    const done = uow
      .run(async (em) => {
        const p = (await projects.findById(projectId, em))!;
        const version = await projects.updateIfVersion(em, projectId, p.version, { stage: 'negotiation', stageEnteredOn: TEST_TODAY });
        await transitions.append(em, {
          projectId, kind: 'transition', fromStage: p.stage, toStage: 'negotiation', effectiveOn: TEST_TODAY, actorId: officer.id,
          note: '不会提交的变更', data: null, before: null, revertsId: null, revertedById: null, version,
        });
        entered.open();
        await release;
        throw new RollBack('rolled back on purpose');
      })
      .catch((err: unknown) => {
        if (!(err instanceof RollBack)) throw err;
      });
    return { inside: entered.opened, done };
  }

  it(`never shows a list, detail or history read the uncommitted move (${ITERATIONS} races)`, async () => {
    const seen: string[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const release = gate();
      const unit = pausedMove(release.opened);
      await unit.inside;
      try {
        const [list, detail, history] = await Promise.all([
          t.http().get('/api/v1/projects?stage=negotiation').set(bearer(officer)),
          t.http().get(`/api/v1/projects/${projectId}`).set(bearer(officer)),
          t.http().get(`/api/v1/projects/${projectId}/transitions`).set(bearer(officer)),
        ]);
        expect([list.status, detail.status, history.status]).toEqual([200, 200, 200]);
        if (list.body.total !== 0) seen.push(`race ${i}: the list showed the project in negotiation`);
        if (detail.body.stage !== 'visit') seen.push(`race ${i}: the detail showed stage ${detail.body.stage}`);
        const rows = history.body.items as { note: string | null }[];
        if (rows.some((r) => r.note === '不会提交的变更')) seen.push(`race ${i}: the history showed the uncommitted move`);
      } finally {
        release.open();
        await unit.done;
      }
    }
    expect(seen).toEqual([]);
    // and the unit really did roll back every time
    const after = (await t.http().get(`/api/v1/projects/${projectId}/transitions`).set(bearer(officer)).expect(200)).body.items as unknown[];
    expect(after).toHaveLength(1);
  });

  it('sees a committed write at once, from the next read', async () => {
    const p = (await t.http().get(`/api/v1/projects/${projectId}`).set(bearer(officer)).expect(200)).body;
    const moved = await t.http().post(`/api/v1/projects/${projectId}/transitions`).set(bearer(officer)).send({ to: 'negotiation', version: p.version });
    expect(moved.status).toBe(201);
    const list = (await t.http().get('/api/v1/projects?stage=negotiation').set(bearer(officer)).expect(200)).body;
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([projectId]);
  });
});
