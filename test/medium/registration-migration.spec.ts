import type { EntityManager } from 'typeorm';
import { RegistrationDates1764201600000 } from '../../migrations/1764201600000-registration-dates';
import { sql } from '../../src/core/database/dialect';
import { PipelineHistory, rebuildPipeline } from '../../src/projects/pipeline-history';
import { TransitionsRepository } from '../../src/projects/transitions.repository';
import { insertRow, useMediumDatabase } from '../helpers/medium';
import { describeEachDatabase } from '../helpers/test-app';

/**
 * The migration of issue 10 (登记日期) on a real SQLite file and PostgreSQL
 * database: projects typed in after their moves (registered on the day of
 * entry, moves backdated to their real dates) are registered on their
 * earliest standing move's date, or an earlier stage date, and the
 * registration row, the stays and the month-end ledger follow.
 *
 * | project | createdOn  | history after the registration row                           | expected createdOn |
 * |---------|------------|---------------------------------------------------------------|--------------------|
 * | late    | 2026-06-15 | negotiation 2026-03-01, signed 2026-04-10                     | 2026-03-01         |
 * | reverted| 2026-06-15 | negotiation 2026-01-01 (reverted), negotiation 2026-05-01     | 2026-05-01         |
 * | fixed   | 2026-06-10 | signed 2026-05-20, its signedOn corrected to 2026-05-05       | 2026-05-05         |
 * | inOrder | 2026-02-01 | negotiation 2026-03-01                                        | 2026-02-01         |
 * | fresh   | 2026-06-10 | —                                                             | 2026-06-10         |
 */
describeEachDatabase('RegistrationDates migration', (kind) => {
  const db = useMediumDatabase(kind);
  const p: Record<string, number> = {};

  const write = <T>(work: (em: EntityManager) => Promise<T>) => db().uow.run(work);
  const createdOn = async (id: number) => (await sql<{ d: string }>(db().ds.manager, 'SELECT "createdOn" AS d FROM projects WHERE id = :id', { id }))[0].d;
  const registrationRow = async (id: number) =>
    (await sql<{ effectiveOn: string; stayDays: unknown }>(db().ds.manager,
      `SELECT "effectiveOn", "stayDays" FROM project_transitions WHERE "projectId" = :id AND seq = 1`, { id }))[0];
  /** The migration's `up`, as the migration runner calls it: in a transaction of its own. */
  const runMigration = async () => {
    const runner = db().ds.createQueryRunner();
    try {
      await runner.startTransaction();
      await new RegistrationDates1764201600000().up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  };

  beforeAll(async () => {
    await write(async (em) => {
      const owner = await insertRow(em, 'users', { email: 'o@test.local', name: '专员', passwordHash: 'x', role: 'officer', dataScope: 'all', teamId: null, active: true });
      const company = await insertRow(em, 'companies', { name: '迁移测试有限公司', normalizedName: '迁移测试' });
      const project = async (key: string, on: string, stage: string, over: Record<string, unknown> = {}) => {
        p[key] = await insertRow(em, 'projects', {
          name: key, companyId: company, stage, industryChain: 'new_materials', ownerId: owner, createdOn: on, stageEnteredOn: on,
          plannedInvestment: 1_000_000, version: 1, ...over,
        });
        await insertRow(em, 'project_transitions', {
          projectId: p[key], seq: 1, kind: 'transition', fromStage: null, toStage: 'visit', effectiveOn: on, actorId: owner, note: '登记项目', version: 1,
        });
      };
      const moved = (key: string, seq: number, fromStage: string, toStage: string, on: string, over: Record<string, unknown> = {}) =>
        insertRow(em, 'project_transitions', { projectId: p[key], seq, kind: 'transition', fromStage, toStage, effectiveOn: on, actorId: owner, version: seq, ...over });

      await project('late', '2026-06-15', 'signed', { signedOn: '2026-04-10', stageEnteredOn: '2026-04-10' });
      await moved('late', 2, 'visit', 'negotiation', '2026-03-01');
      await moved('late', 3, 'negotiation', 'signed', '2026-04-10');

      await project('reverted', '2026-06-15', 'negotiation', { stageEnteredOn: '2026-05-01' });
      const wrong = await moved('reverted', 2, 'visit', 'negotiation', '2026-01-01');
      const revert = await insertRow(em, 'project_transitions', {
        projectId: p.reverted, seq: 3, kind: 'revert', fromStage: 'negotiation', toStage: 'visit', effectiveOn: '2026-06-15', actorId: owner, revertsId: wrong, version: 3,
      });
      await sql(em, 'UPDATE project_transitions SET "revertedById" = :revert WHERE id = :wrong', { revert, wrong });
      await moved('reverted', 4, 'visit', 'negotiation', '2026-05-01');

      await project('fixed', '2026-06-10', 'signed', { signedOn: '2026-05-05', stageEnteredOn: '2026-05-20' });
      await moved('fixed', 2, 'visit', 'signed', '2026-05-20');

      await project('inOrder', '2026-02-01', 'negotiation', { stageEnteredOn: '2026-03-01' });
      await moved('inOrder', 2, 'visit', 'negotiation', '2026-03-01');

      await project('fresh', '2026-06-10', 'visit');
      // The stays and the ledger as the app kept them before: each registration row a stay of no length.
      await rebuildPipeline(em);
    });
    expect(await createdOn(p.late)).toBe('2026-06-15');
    expect(await registrationRow(p.fixed)).toMatchObject({ stayDays: null });
    await runMigration();
  });

  it('registers each project no later than its earliest standing move or stage date, and leaves the others alone', async () => {
    expect({
      late: await createdOn(p.late), reverted: await createdOn(p.reverted), fixed: await createdOn(p.fixed),
      inOrder: await createdOn(p.inOrder), fresh: await createdOn(p.fresh),
    }).toEqual({ late: '2026-03-01', reverted: '2026-05-01', fixed: '2026-05-05', inOrder: '2026-02-01', fresh: '2026-06-10' });
  });

  it('dates the registration rows on the new 登记日期, with the days in visit they now last', async () => {
    expect(await registrationRow(p.late)).toMatchObject({ effectiveOn: '2026-03-01' });
    expect(Number((await registrationRow(p.late)).stayDays)).toBe(0);
    expect(await registrationRow(p.fixed)).toMatchObject({ effectiveOn: '2026-05-05' });
    expect(Number((await registrationRow(p.fixed)).stayDays)).toBe(15);
    expect(await registrationRow(p.reverted)).toMatchObject({ effectiveOn: '2026-05-01' });
    expect(Number((await registrationRow(p.inOrder)).stayDays)).toBe(28);
  });

  it('rebuilds the month-end ledger: it agrees with the history as it now reads', async () => {
    expect(await new PipelineHistory(new TransitionsRepository(db().ds)).verify()).toEqual([]);
  });

  it('a second run changes nothing', async () => {
    expect(await write((em) => new TransitionsRepository(db().ds).registerNoLaterThanFirstMove(em))).toBe(0);
    expect(await createdOn(p.late)).toBe('2026-03-01');
  });
});
