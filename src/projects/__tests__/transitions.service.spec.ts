import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../../audit/audit.service';
import type { AuthUser } from '../../core/auth/auth-user';
import type { Role } from '../../core/auth/roles';
import type { Clock } from '../../core/clock';
import { badInput, type DomainError, staleVersion } from '../../core/errors';
import type { CodeCheck, DictionariesService } from '../../dictionaries/dictionaries.service';
import { type DictionaryLabels, LabelSnapshot } from '../../dictionaries/dictionary-labels';
import type { PipelineHistory } from '../pipeline-history';
import type { Stage } from '../pipeline';
import type { PipelineSnapshot, Project } from '../project.entity';
import type { ProjectTransition } from '../project-transition.entity';
import type { RevertDto, TransitionDto } from '../projects.dto';
import type { ProjectsRepository } from '../projects.repository';
import type { ProjectsService } from '../projects.service';
import type { NewTransition, TransitionsRepository } from '../transitions.repository';
import { immediateUnitOfWork, recordingAudit, refusal } from '../../../test/helpers/unit';
import { TransitionsService } from '../transitions.service';

const TODAY = '2026-06-15';
const TEAM = 1;

const user = (id: number, role: Role, teamId: number | null = TEAM): AuthUser => ({
  id, role, teamId, email: `${id}@test.local`, name: `u${id}`, dataScope: role === 'admin' || role === 'leader' ? 'all' : 'team',
});
const OWNER = user(10, 'officer');
const TEAMMATE = user(11, 'officer');
const MANAGER = user(20, 'manager');
const ADMIN = user(1, 'admin', null);
const LEADER = user(2, 'leader', null);
const OTHER_TEAM = user(30, 'officer', 2);

function project(over: Partial<Project> = {}): Project {
  return {
    id: 7, code: null, name: '储能项目', companyId: 3, stage: 'visit', pausedFromStage: null, droppedFromStage: null, stageEnteredOn: '2026-05-01',
    industryChain: 'new_energy_storage', park: null, sourceChannel: null, sourceRegion: null, plannedInvestment: null,
    expectedAnnualOutput: null, expectedAnnualTax: null, landAreaCentimu: null, jobs: null, ownerId: OWNER.id, teamId: TEAM,
    leaderInCharge: null, isKeyProject: false, keyProjectLevel: null, description: null, signedOn: null, contractInvestment: null,
    agreementType: null, contractNo: null, constructionStartedOn: null, productionStartedOn: null, onHoldReason: null,
    expectedResumeOn: null, dropReasonCode: null, dropReasonText: null, createdOn: '2026-05-01', lastActivityOn: null, version: 1,
    createdById: OWNER.id, createdAt: new Date(), updatedAt: new Date(), deletedAt: null, deletedById: null, deleteReason: null,
    ...over,
  };
}

/** The projects table, in memory: the two methods the service calls. */
class FakeProjects {
  readonly rows = new Map<number, Project>();
  updates = 0;

  async findById(id: number): Promise<Project | null> {
    const p = this.rows.get(id);
    return p ? { ...p } : null;
  }

  async updateIfVersion(_em: EntityManager, id: number, version: number, values: Partial<Project>): Promise<number> {
    const p = this.rows.get(id)!;
    if (p.version !== version) throw staleVersion('项目', version, p.version);
    Object.assign(p, values, { version: version + 1 });
    this.updates++;
    return p.version;
  }
}

/** The history, in memory. */
class FakeTransitions {
  readonly rows: ProjectTransition[] = [];

  async lastStandingMove(projectId: number): Promise<ProjectTransition | null> {
    const standing = this.rows.filter((r) => r.projectId === projectId && r.kind === 'transition' && r.revertedById === null);
    return standing.length ? standing[standing.length - 1] : null;
  }

  async append(_em: EntityManager, row: NewTransition): Promise<ProjectTransition> {
    const seq = this.rows.filter((r) => r.projectId === row.projectId).length + 1;
    const full = { ...row, id: this.rows.length + 100, seq, endedOn: null, stayDays: null, reachedRank: null, createdAt: new Date() };
    this.rows.push(full);
    return full;
  }

  async markReverted(_em: EntityManager, id: number, revertId: number): Promise<void> {
    this.rows.find((r) => r.id === id)!.revertedById = revertId;
  }

  async history(projectId: number): Promise<(ProjectTransition & { actorName: string | null })[]> {
    return this.rows.filter((r) => r.projectId === projectId).map((r) => ({ ...r, actorName: '张伟' }));
  }

  /** Seeds the history as the app would have written it. */
  seed(projectId: number, rows: { fromStage: Stage | null; toStage: Stage; effectiveOn: string; before?: PipelineSnapshot | null; data?: Record<string, unknown> | null }[]) {
    for (const r of rows) {
      this.rows.push({
        id: this.rows.length + 100, projectId, seq: this.rows.filter((x) => x.projectId === projectId).length + 1, kind: 'transition',
        fromStage: r.fromStage, toStage: r.toStage, effectiveOn: r.effectiveOn, actorId: OWNER.id, note: null, data: r.data ?? null,
        before: r.before ?? null, revertsId: null, revertedById: null, endedOn: null, stayDays: null, reachedRank: null, version: 1, createdAt: new Date(),
      });
    }
  }
}

const DROP_REASONS = ['funding', 'chose_elsewhere'];

function setup(p: Project, history: Parameters<FakeTransitions['seed']>[1] = [{ fromStage: null, toStage: 'visit', effectiveOn: p.createdOn }]) {
  const projects = new FakeProjects();
  projects.rows.set(p.id, p);
  const transitions = new FakeTransitions();
  transitions.seed(p.id, history);
  const audit: AuditEntry[] = [];
  const settled: number[] = [];
  const em = {} as EntityManager;
  const service = new TransitionsService(
    immediateUnitOfWork(em),
    projects as unknown as ProjectsRepository,
    transitions as unknown as TransitionsRepository,
    { share: async () => new Map(), settle: async (_em: EntityManager, id: number) => void settled.push(id) } as unknown as PipelineHistory,
    recordingAudit(audit),
    {
      assertCodes: async (_em: EntityManager, checks: CodeCheck[]) => {
        const bad = checks.filter((c) => c.code && !DROP_REASONS.includes(c.code));
        if (bad.length) throw badInput(bad.map((c) => ({ field: c.field, code: 'unknown_code', message: '不是终止原因' })));
      },
    } as unknown as DictionariesService,
    { detail: async (_u: AuthUser, id: number) => ({ ...projects.rows.get(id) }) } as unknown as ProjectsService,
    { today: () => TODAY } as unknown as Clock,
    { lookup: async () => new LabelSnapshot(DROP_REASONS.map((code) => ({ kind: 'drop-reasons' as const, code, label: `原因 ${code}` }))) } as unknown as DictionaryLabels,
  );
  const nothingWritten = () => {
    expect(projects.updates).toBe(0);
    expect(transitions.rows).toHaveLength(history.length);
    expect(audit).toEqual([]);
    expect(settled).toEqual([]);
  };
  return { service, projects, transitions, audit, settled, nothingWritten, current: () => projects.rows.get(p.id)! };
}

const fields = (e: DomainError) => (e.details ?? []).map((d) => d.field);
const dto = (body: Partial<TransitionDto> & { to: Stage }): TransitionDto => ({ version: 1, ...body }) as TransitionDto;
const SIGN = { signedOn: '2026-06-01', contractInvestment: 8000, agreementType: 'investment' as const };

describe(TransitionsService.name, () => {
  describe('allowed moves', () => {
    it('moves visit → negotiation: writes the stage, one history row with the state before, the ledger and the audit row', async () => {
      const s = setup(project());
      const res = await s.service.transition(OWNER, 7, dto({ to: 'negotiation', effectiveOn: '2026-06-10', note: '首轮洽谈' }));
      expect(res.transition).toMatchObject({ seq: 2, fromStage: 'visit', toStage: 'negotiation', effectiveOn: '2026-06-10' });
      expect(s.current()).toMatchObject({ stage: 'negotiation', stageEnteredOn: '2026-06-10', version: 2 });
      expect(s.transitions.rows[1]).toMatchObject({ kind: 'transition', note: '首轮洽谈', version: 2, data: null, before: expect.objectContaining({ stage: 'visit' }) });
      expect(s.settled).toEqual([7]);
      expect(s.audit).toEqual([expect.objectContaining({ action: 'transition', before: { stage: 'visit', version: 1 }, after: expect.objectContaining({ stage: 'negotiation', version: 2 }) })]);
      expect(res.project).toMatchObject({ stage: 'negotiation' });
    });

    it('dates a move today when no date is given', async () => {
      const s = setup(project());
      expect((await s.service.transition(OWNER, 7, dto({ to: 'negotiation' }))).transition.effectiveOn).toBe(TODAY);
    });

    it('signs with the signing date as the move’s date and keeps the amount in 元 on the project and in 万元 in the history', async () => {
      const s = setup(project());
      const res = await s.service.transition(OWNER, 7, dto({ to: 'signed', ...SIGN, contractInvestment: 12345.6789, contractNo: 'HT-1' }));
      expect(res.transition.effectiveOn).toBe('2026-06-01');
      expect(s.current()).toMatchObject({ stage: 'signed', signedOn: '2026-06-01', contractInvestment: 123_456_789, agreementType: 'investment', contractNo: 'HT-1' });
      expect(s.transitions.rows[1].data).toEqual({ signedOn: '2026-06-01', contractInvestment: 12345.6789, agreementType: 'investment', contractNo: 'HT-1' });
    });

    it('drops with a dictionary reason and remembers the stage it was dropped from', async () => {
      const s = setup(project({ stage: 'negotiation' }));
      await s.service.transition(OWNER, 7, dto({ to: 'dropped', reasonCode: 'funding', reason: '资金不到位' }));
      expect(s.current()).toMatchObject({ stage: 'dropped', droppedFromStage: 'negotiation', dropReasonCode: 'funding', dropReasonText: '资金不到位' });
    });

    it('lets the team’s manager and an admin move an officer’s project', async () => {
      for (const who of [MANAGER, ADMIN]) {
        const s = setup(project());
        await s.service.transition(who, 7, dto({ to: 'negotiation' }));
        expect(s.current().stage).toBe('negotiation');
      }
    });
  });

  describe('refused moves change nothing', () => {
    it('a move the table does not have is 422 listing the allowed stages', async () => {
      const s = setup(project());
      const e = await refusal(s.service.transition(OWNER, 7, dto({ to: 'construction', constructionStartedOn: '2026-06-10' })));
      expect(e).toMatchObject({ kind: 'rule', code: 'transition_not_allowed', extra: { allowed: ['negotiation', 'signed', 'on_hold', 'dropped'] } });
      expect(e.message).toBe('处于“拜访接洽”的项目不能改为“开工建设”；可改为：洽谈、签约、暂缓、终止');
      s.nothingWritten();
    });

    it('production is final', async () => {
      const s = setup(project({ stage: 'production' }));
      const e = await refusal(s.service.transition(ADMIN, 7, dto({ to: 'dropped', reasonCode: 'funding', reason: 'x' })));
      expect(e).toMatchObject({ code: 'transition_not_allowed', extra: { allowed: [] } });
      s.nothingWritten();
    });

    it('a teammate who does not own the project, and a leader, are 403; another team does not see it (404)', async () => {
      const s = setup(project());
      expect(await refusal(s.service.transition(TEAMMATE, 7, dto({ to: 'negotiation' })))).toMatchObject({ kind: 'forbidden', code: 'not_owner' });
      expect(await refusal(s.service.transition(LEADER, 7, dto({ to: 'negotiation' })))).toMatchObject({ kind: 'forbidden', code: 'read_only_role' });
      expect(await refusal(s.service.transition(OTHER_TEAM, 7, dto({ to: 'negotiation' })))).toMatchObject({ kind: 'not_found' });
      s.nothingWritten();
    });

    it('a stale version is 409 naming the current one, before any rule is looked at', async () => {
      const s = setup(project({ version: 3 }));
      const e = await refusal(s.service.transition(OWNER, 7, dto({ to: 'construction', version: 2 })));
      expect(e).toMatchObject({ kind: 'conflict', code: 'stale_version', extra: { currentVersion: 3 } });
      s.nothingWritten();
    });
  });

  describe('data each target requires', () => {
    it.each<[Stage, string[]]>([
      ['signed', ['signedOn', 'contractInvestment', 'agreementType']],
      ['on_hold', ['reason']],
      ['dropped', ['reason', 'reasonCode']],
    ])('%s without data names each missing field', async (to, missing) => {
      const s = setup(project());
      const e = await refusal(s.service.transition(OWNER, 7, dto({ to })));
      expect(e.kind).toBe('bad_input');
      expect(fields(e)).toEqual(missing);
      expect(e.details!.every((d) => d.code === 'required')).toBe(true);
      s.nothingWritten();
    });

    it('construction needs its start date and production its own', async () => {
      const signed = setup(project({ stage: 'signed', signedOn: '2026-05-20' }));
      expect(fields(await refusal(signed.service.transition(OWNER, 7, dto({ to: 'construction' }))))).toEqual(['constructionStartedOn']);
      const building = setup(project({ stage: 'construction', signedOn: '2026-05-20', constructionStartedOn: '2026-06-01' }));
      expect(fields(await refusal(building.service.transition(OWNER, 7, dto({ to: 'production' }))))).toEqual(['productionStartedOn']);
    });

    it('refuses data the target does not take', async () => {
      const s = setup(project());
      const e = await refusal(s.service.transition(OWNER, 7, dto({ to: 'negotiation', signedOn: '2026-06-01', reason: 'x' })));
      expect(e.details).toEqual([
        expect.objectContaining({ field: 'signedOn', code: 'not_applicable' }),
        expect.objectContaining({ field: 'reason', code: 'not_applicable' }),
      ]);
      s.nothingWritten();
    });

    it('refuses an effectiveOn that disagrees with the stage date', async () => {
      const s = setup(project());
      const e = await refusal(s.service.transition(OWNER, 7, dto({ to: 'signed', ...SIGN, effectiveOn: '2026-06-02' })));
      expect(e.details).toEqual([expect.objectContaining({ field: 'effectiveOn', code: 'date_mismatch' })]);
    });

    it('refuses a drop reason the dictionary does not have', async () => {
      const s = setup(project());
      expect(fields(await refusal(s.service.transition(OWNER, 7, dto({ to: 'dropped', reasonCode: 'pingshan', reason: 'x' }))))).toEqual(['reasonCode']);
      s.nothingWritten();
    });
  });

  describe('date order', () => {
    const history = [
      { fromStage: null, toStage: 'visit' as const, effectiveOn: '2026-05-01' },
      { fromStage: 'visit' as const, toStage: 'negotiation' as const, effectiveOn: '2026-05-10' },
    ];

    it('refuses a date before the previous standing move', async () => {
      const s = setup(project({ stage: 'negotiation', version: 2 }), history);
      const e = await refusal(s.service.transition(OWNER, 7, dto({ to: 'signed', version: 2, ...SIGN, signedOn: '2026-05-09' })));
      expect(e.details).toEqual([{ field: 'signedOn', code: 'dates_out_of_order', message: '签约日期（2026-05-09）不能早于上一次变更（2026-05-10 洽谈）' }]);
      s.nothingWritten();
    });

    it('refuses a first move dated before the registration (登记日期), and takes one on that day', async () => {
      const s = setup(project({ createdOn: '2026-06-10' }));
      const e = await refusal(s.service.transition(OWNER, 7, dto({ to: 'negotiation', effectiveOn: '2026-06-09' })));
      expect(e.details).toEqual([{ field: 'effectiveOn', code: 'before_registration', message: '业务日期（2026-06-09）不能早于登记日期（2026-06-10）' }]);
      s.nothingWritten();
      await s.service.transition(OWNER, 7, dto({ to: 'negotiation', effectiveOn: '2026-06-10' }));
      expect(s.current().stageEnteredOn).toBe('2026-06-10');
    });

    it('a reverted move no longer holds the line back', async () => {
      const s = setup(project({ stage: 'negotiation', version: 2 }), history);
      s.transitions.rows[1].revertedById = 999;
      s.projects.rows.get(7)!.stage = 'visit';
      await s.service.transition(OWNER, 7, dto({ to: 'negotiation', version: 2, effectiveOn: '2026-05-05' }));
      expect(s.current().stage).toBe('negotiation');
    });

    it('refuses a construction start before the signing and a production start before the construction start', async () => {
      const signed = setup(project({ stage: 'signed', signedOn: '2026-05-20' }));
      expect(fields(await refusal(signed.service.transition(OWNER, 7, dto({ to: 'construction', constructionStartedOn: '2026-05-19' }))))).toEqual(['constructionStartedOn']);
      const building = setup(project({ stage: 'construction', signedOn: '2026-05-20', constructionStartedOn: '2026-06-01' }));
      expect(fields(await refusal(building.service.transition(OWNER, 7, dto({ to: 'production', productionStartedOn: '2026-05-31' }))))).toEqual(['productionStartedOn']);
    });

    it('refuses a date after today', async () => {
      const s = setup(project());
      expect(fields(await refusal(s.service.transition(OWNER, 7, dto({ to: 'signed', ...SIGN, signedOn: '2026-06-16' }))))).toEqual(['signedOn']);
      expect(fields(await refusal(s.service.transition(OWNER, 7, dto({ to: 'negotiation', effectiveOn: '2026-06-16' }))))).toEqual(['effectiveOn']);
      s.nothingWritten();
    });

    it('refuses an expected resume date before the pause', async () => {
      const s = setup(project());
      const e = await refusal(s.service.transition(OWNER, 7, dto({ to: 'on_hold', reason: 'x', effectiveOn: '2026-06-10', expectedResumeOn: '2026-06-01' })));
      expect(fields(e)).toEqual(['expectedResumeOn']);
    });
  });

  describe('resume', () => {
    const paused = () =>
      project({ stage: 'on_hold', pausedFromStage: 'signed', onHoldReason: '融资未到位', expectedResumeOn: '2026-09-01', signedOn: '2026-05-20', contractInvestment: 80_000_000, agreementType: 'investment', version: 3 });

    it('returns to the stage it was paused from without asking for its data again, keeping the signing', async () => {
      const s = setup(paused());
      await s.service.transition(OWNER, 7, dto({ to: 'signed', version: 3, effectiveOn: '2026-06-12' }));
      expect(s.current()).toMatchObject({
        stage: 'signed', stageEnteredOn: '2026-06-12', signedOn: '2026-05-20', contractInvestment: 80_000_000,
        pausedFromStage: null, onHoldReason: null, expectedResumeOn: null,
      });
      expect(s.transitions.rows.at(-1)!.data).toBeNull();
    });

    it('refuses the signing data on resume, and any other stage than the one paused from', async () => {
      const s = setup(paused());
      expect(fields(await refusal(s.service.transition(OWNER, 7, dto({ to: 'signed', version: 3, ...SIGN }))))).toEqual(['signedOn', 'contractInvestment', 'agreementType']);
      for (const to of ['visit', 'negotiation', 'construction'] as const) {
        expect(await refusal(s.service.transition(OWNER, 7, dto({ to, version: 3 })))).toMatchObject({ code: 'transition_not_allowed', extra: { allowed: ['signed', 'dropped'] } });
      }
      s.nothingWritten();
    });
  });

  describe('reopen', () => {
    it('a drop before signing is reopened by a manager or an admin, not by the owner (403)', async () => {
      const dropped = () => project({ stage: 'dropped', droppedFromStage: 'negotiation', dropReasonCode: 'funding', dropReasonText: 'x' });
      const s = setup(dropped());
      const e = await refusal(s.service.transition(OWNER, 7, dto({ to: 'negotiation' })));
      expect(e).toMatchObject({ kind: 'forbidden', code: 'role_not_allowed', message: '只有团队负责人或系统管理员可以把项目从“终止”改为“洽谈”' });
      s.nothingWritten();
      await s.service.transition(MANAGER, 7, dto({ to: 'negotiation' }));
      expect(s.current()).toMatchObject({ stage: 'negotiation', droppedFromStage: null, dropReasonCode: null, dropReasonText: null });
    });

    it('a drop after signing cannot be reopened by anyone', async () => {
      const s = setup(project({ stage: 'dropped', droppedFromStage: 'signed' }));
      expect(await refusal(s.service.transition(ADMIN, 7, dto({ to: 'visit' })))).toMatchObject({ code: 'transition_not_allowed', extra: { allowed: [] } });
    });
  });

  describe('revert', () => {
    const signedHistory = (): Parameters<FakeTransitions['seed']>[1] => [
      { fromStage: null, toStage: 'visit', effectiveOn: '2026-05-01' },
      {
        fromStage: 'visit', toStage: 'signed', effectiveOn: '2026-05-20', data: { ...SIGN, signedOn: '2026-05-20' },
        before: { ...snapshotOf(project()) },
      },
    ];
    const signedProject = () => project({ stage: 'signed', stageEnteredOn: '2026-05-20', signedOn: '2026-05-20', contractInvestment: 80_000_000, agreementType: 'investment', version: 2 });
    const revert = (reason = '误操作', version = 2): RevertDto => ({ version, reason });

    it('undoes the latest standing move: restores what it wrote, records a revert row and marks the move', async () => {
      const s = setup(signedProject(), signedHistory());
      const res = await s.service.revert(MANAGER, 7, revert('签约日期录错'));
      expect(res.transition).toMatchObject({ seq: 3, fromStage: 'signed', toStage: 'visit', effectiveOn: TODAY });
      expect(s.current()).toMatchObject({ stage: 'visit', signedOn: null, contractInvestment: null, agreementType: null, version: 3 });
      const [, moved, reverted] = s.transitions.rows;
      expect(reverted).toMatchObject({ kind: 'revert', revertsId: moved.id, note: '签约日期录错', data: { reason: '签约日期录错', reverts: 2 } });
      expect(moved.revertedById).toBe(reverted.id);
      expect(s.audit).toEqual([expect.objectContaining({ action: 'revert' })]);
    });

    it('keeps corrections made since the move it undoes', async () => {
      const history = signedHistory();
      history.push({ fromStage: 'signed', toStage: 'construction', effectiveOn: '2026-06-01', data: { constructionStartedOn: '2026-06-01' }, before: snapshotOf(signedProject()) });
      // the signing was corrected (PATCH) after construction started
      const s = setup(project({ stage: 'construction', signedOn: '2026-05-28', contractInvestment: 85_000_000, agreementType: 'investment', constructionStartedOn: '2026-06-01', version: 4 }), history);
      await s.service.revert(ADMIN, 7, revert('尚未开工', 4));
      expect(s.current()).toMatchObject({ stage: 'signed', constructionStartedOn: null, signedOn: '2026-05-28', contractInvestment: 85_000_000 });
    });

    it('is for managers and admins only: the owner is 403', async () => {
      const s = setup(signedProject(), signedHistory());
      expect(await refusal(s.service.revert(OWNER, 7, revert()))).toMatchObject({ kind: 'forbidden', code: 'managers_only', message: '只有团队负责人或系统管理员可以撤销上一步' });
      expect(await refusal(s.service.revert(OTHER_TEAM, 7, revert()))).toMatchObject({ kind: 'not_found' });
      s.nothingWritten();
    });

    it('refuses a stale version', async () => {
      const s = setup(signedProject(), signedHistory());
      expect(await refusal(s.service.revert(MANAGER, 7, revert('x', 1)))).toMatchObject({ code: 'stale_version' });
      s.nothingWritten();
    });

    it('cannot undo the registration (422)', async () => {
      const s = setup(project());
      expect(await refusal(s.service.revert(MANAGER, 7, revert('x', 1)))).toMatchObject({ kind: 'rule', code: 'nothing_to_revert' });
      s.nothingWritten();
    });

    it('walks back one move at a time, skipping moves already reverted', async () => {
      const s = setup(signedProject(), signedHistory());
      await s.service.revert(MANAGER, 7, revert('一'));
      expect(await refusal(s.service.revert(MANAGER, 7, revert('二', 3)))).toMatchObject({ code: 'nothing_to_revert' });
    });
  });
});

describe(`${TransitionsService.name} history`, () => {
  it('labels each row: its kind, both stages, and the codes in the data entered (the drop reason from the dictionary)', async () => {
    const s = setup(project({ stage: 'dropped', droppedFromStage: 'negotiation' }), [
      { fromStage: null, toStage: 'visit', effectiveOn: '2026-05-01' },
      { fromStage: 'visit', toStage: 'signed', effectiveOn: '2026-05-10', data: { signedOn: '2026-05-10', agreementType: 'framework' } },
      { fromStage: 'signed', toStage: 'dropped', effectiveOn: '2026-06-01', data: { reasonCode: 'funding', reason: '资金链断裂' } },
    ]);
    const { items } = await s.service.history(OWNER, 7);
    expect(items.map((r) => [r.kindLabel, r.fromStageLabel, r.toStageLabel, r.actorName])).toEqual([
      ['阶段变更', null, '拜访接洽', '张伟'],
      ['阶段变更', '拜访接洽', '签约', '张伟'],
      ['阶段变更', '签约', '终止', '张伟'],
    ]);
    expect(items[0].data).toBeNull();
    expect(items[1].data).toEqual({ signedOn: '2026-05-10', agreementType: 'framework', agreementTypeLabel: '框架协议' });
    expect(items[2].data).toEqual({ reasonCode: 'funding', reasonCodeLabel: '原因 funding', reason: '资金链断裂' });
  });
});

function snapshotOf(p: Project): PipelineSnapshot {
  const {
    stage, pausedFromStage, droppedFromStage, stageEnteredOn, signedOn, contractInvestment, agreementType, contractNo,
    constructionStartedOn, productionStartedOn, onHoldReason, expectedResumeOn, dropReasonCode, dropReasonText,
  } = p;
  return {
    stage, pausedFromStage, droppedFromStage, stageEnteredOn, signedOn, contractInvestment, agreementType, contractNo,
    constructionStartedOn, productionStartedOn, onHoldReason, expectedResumeOn, dropReasonCode, dropReasonText,
  };
}
