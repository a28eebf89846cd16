import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import { Company } from '../companies/company.entity';
import { DuplicatesService } from '../companies/duplicates.service';
import type { AuthUser } from '../core/auth/auth-user';
import { inScope, whereInScope } from '../core/auth/scope';
import { Clock } from '../core/clock';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { compareAndSet } from '../core/database/compare-and-set';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, badInput, checks, type Problem, forbidden, notFound, staleVersion } from '../core/errors';
import { fieldLabel } from '../core/http/field-labels';
import { containsPattern } from '../core/http/like';
import { paging, sorting } from '../core/http/list';
import { wanToYuan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import { Milestone } from '../milestones/milestone.entity';
import { Team } from '../teams/team.entity';
import { User } from '../users/user.entity';
import { allowedTargetsFor, STAGE_LABELS, stageDataFor } from './pipeline';
import { assertCanWriteProject, canWriteProject } from './project-access';
import { Project } from './project.entity';
import { PipelineHistory } from './pipeline-history';
import { ProjectTransition } from './project-transition.entity';
import { toProjectView } from './project.view';
import type { CreateProjectDto, ProjectQuery, UpdateProjectDto } from './projects.dto';
import { type LightCutoffs, lightCutoffs, lightParams, lightSql, supervisionLight } from './supervision';

const SORTABLE = {
  id: 'p.id', name: 'p.name', createdAt: 'p.createdAt', updatedAt: 'p.updatedAt', stage: 'p.stage',
  plannedInvestment: 'p.plannedInvestment', contractInvestment: 'p.contractInvestment', signedOn: 'p.signedOn',
  lastActivityOn: 'p.lastActivityOn', createdOn: 'p.createdOn',
};

const OWNER_ROLES = ['admin', 'manager', 'officer'];

@Injectable()
export class ProjectsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly dictionaries: DictionariesService,
    private readonly duplicates: DuplicatesService,
    private readonly clock: Clock,
    private readonly history: PipelineHistory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  cutoffs(): LightCutoffs {
    return lightCutoffs(this.clock.today(), this.config.supervision);
  }

  /** The project if the caller may see it; otherwise 404, whether it exists or not. */
  async findInScope(user: AuthUser, id: number, em: EntityManager = this.ds.manager): Promise<Project> {
    const p = await em.findOne(Project, { where: { id } });
    if (!p || !inScope(user, p)) throw notFound('项目', id);
    return p;
  }

  async list(user: AuthUser, q: ProjectQuery) {
    const { page, pageSize, skip } = paging(q);
    const [col, dir] = sorting(q.sort, SORTABLE, ['p.id', 'DESC']);
    const cut = this.cutoffs();
    const qb = this.filtered(user, q, cut);
    const [rows, total] = await qb.orderBy(col, dir, 'NULLS LAST').addOrderBy('p.id', 'DESC').skip(skip).take(pageSize).getManyAndCount();
    return { items: await this.views(rows, cut), total, page, pageSize };
  }

  /**
   * Every project the list filters match within the caller's scope, without
   * paging (the Excel ledger); 项目编号 ascending unless `sort` says otherwise.
   */
  async listAll(user: AuthUser, q: ProjectQuery) {
    const [col, dir] = sorting(q.sort, SORTABLE, ['p.id', 'ASC']);
    const cut = this.cutoffs();
    const rows = await this.filtered(user, q, cut).orderBy(col, dir, 'NULLS LAST').addOrderBy('p.id', dir).getMany();
    const out: Awaited<ReturnType<ProjectsService['views']>> = [];
    // views() looks names up with IN (...): chunks keep under the databases' parameter limits
    for (let i = 0; i < rows.length; i += 500) out.push(...(await this.views(rows.slice(i, i + 500), cut)));
    return out;
  }

  /** The query of GET /projects: the caller's scope and the list filters (400 naming a reversed date range). */
  private filtered(user: AuthUser, q: ProjectQuery, cut: LightCutoffs) {
    const ranges: [string, string | undefined, string | undefined][] = [
      ['signed', q.signedFrom, q.signedTo], ['created', q.createdFrom, q.createdTo], ['lastActivity', q.lastActivityFrom, q.lastActivityTo],
    ];
    const rangeNames: Record<string, string> = { signed: '签约日期', created: '登记日期', lastActivity: '最近跟进日期' };
    const problems: Problem[] = ranges
      .filter(([, from, to]) => from && to && from > to)
      .map(([name, from, to]) => ({ field: `${name}To`, code: 'range_reversed', message: `${rangeNames[name]}的结束（${to}）不能早于开始（${from}）` }));
    if (problems.length) throw badInput(problems);

    const qb = whereInScope(this.ds.getRepository(Project).createQueryBuilder('p'), user, 'p');
    if (q.stage?.length) qb.andWhere('p.stage IN (:...stages)', { stages: q.stage });
    for (const f of ['industryChain', 'park', 'sourceChannel', 'sourceRegion'] as const) {
      if (q[f]) qb.andWhere(`p."${f}" = :${f}`, { [f]: q[f] });
    }
    for (const f of ['ownerId', 'teamId', 'companyId'] as const) {
      if (q[f] !== undefined) qb.andWhere(`p."${f}" = :${f}`, { [f]: q[f] });
    }
    if (q.isKeyProject !== undefined) qb.andWhere('p."isKeyProject" = :key', { key: q.isKeyProject });
    const dateCols = { signed: 'signedOn', created: 'createdOn', lastActivity: 'lastActivityOn' } as const;
    for (const [name, from, to] of ranges) {
      const c = dateCols[name as keyof typeof dateCols];
      if (from) qb.andWhere(`p."${c}" >= :${name}From`, { [`${name}From`]: from });
      if (to) qb.andWhere(`p."${c}" <= :${name}To`, { [`${name}To`]: to });
    }
    if (q.q) {
      qb.andWhere(
        `(LOWER(p.name) LIKE :q ESCAPE '\\' OR EXISTS (SELECT 1 FROM companies c WHERE c.id = p."companyId" AND LOWER(c.name) LIKE :q ESCAPE '\\'))`,
        { q: containsPattern(q.q) },
      );
    }
    if (q.light?.length) {
      qb.andWhere(`(${q.light.map(lightSql).join(' OR ')})`, lightParams(cut));
    }
    return qb;
  }

  /** Views of several projects, with names and lights, in a fixed number of queries. */
  async views(rows: Project[], cut: LightCutoffs = this.cutoffs(), em: EntityManager = this.ds.manager) {
    if (!rows.length) return [];
    const ids = rows.map((p) => p.id);
    const uniq = (xs: (number | null)[]) => [...new Set(xs.filter((x): x is number => x !== null))];
    // One after another: inside a transaction they share one connection.
    const companies = await em.find(Company, { where: { id: In(uniq(rows.map((p) => p.companyId))) } });
    const owners = await em.find(User, { where: { id: In(uniq(rows.map((p) => p.ownerId))) } });
    const teams = await em.find(Team, { where: { id: In(uniq(rows.map((p) => p.teamId))) } });
    const open = await em.find(Milestone, { where: { projectId: In(ids), completedOn: IsNull() } });
    return rows.map((p) =>
      toProjectView(
        p,
        {
          companyName: companies.find((c) => c.id === p.companyId)?.name ?? null,
          ownerName: owners.find((u) => u.id === p.ownerId)?.name ?? null,
          teamName: teams.find((t) => t.id === p.teamId)?.name ?? null,
        },
        supervisionLight({ ...p, openMilestoneDates: open.filter((m) => m.projectId === p.id).map((m) => m.plannedOn) }, cut),
      ),
    );
  }

  /** GET /projects/:id: the project, what the caller may do with it, and possible duplicates. */
  async detail(user: AuthUser, id: number, em: EntityManager = this.ds.manager) {
    const p = await this.findInScope(user, id, em);
    const [view] = await this.views([p], this.cutoffs(), em);
    const writable = canWriteProject(user, p);
    const allowed = writable ? allowedTargetsFor(p, user.role) : [];
    const lastMove = await em.getRepository(ProjectTransition).findOne({
      where: { projectId: id, kind: 'transition', revertedById: IsNull() },
      order: { seq: 'DESC' },
    });
    return {
      ...view,
      allowedTransitions: allowed.map((to) => ({
        to, label: STAGE_LABELS[to], requires: stageDataFor(p, to).required, optional: stageDataFor(p, to).optional,
      })),
      canEdit: writable,
      // The registration row (no `before`) cannot be reverted: revert would answer 422.
      canRevert: writable && (user.role === 'admin' || user.role === 'manager') && !!lastMove?.before,
      possibleDuplicates: await this.duplicates.forProject(p, em),
    };
  }

  async create(user: AuthUser, dto: CreateProjectDto) {
    return this.uow.run(async (em) => {
      const company = await em.findOne(Company, { where: { id: dto.companyId } });
      if (!company) throw badField('companyId', 'unknown_company', `企业 ${dto.companyId} 不存在`);
      await this.checkCodes(em, dto);
      const { ownerId, teamId } = await this.resolveOwnership(em, user, dto.ownerId, dto.teamId, null);
      const possibleDuplicates = await this.duplicates.forProject({ companyId: dto.companyId, industryChain: dto.industryChain }, em);
      const today = this.clock.today();
      const project = em.create(Project, {
        name: dto.name.trim(),
        companyId: dto.companyId,
        industryChain: dto.industryChain,
        stage: 'visit',
        stageEnteredOn: today,
        ...this.fieldValues(dto),
        ownerId,
        teamId,
        isKeyProject: dto.isKeyProject ?? false,
        createdOn: today,
        version: 1,
        createdById: user.id,
      });
      await em.save(project);
      // The history starts with the project entering the pipeline.
      await em.insert(ProjectTransition, {
        projectId: project.id, seq: 1, kind: 'transition', fromStage: null, toStage: 'visit', effectiveOn: today,
        actorId: user.id, note: '登记项目', data: null, before: null, revertsId: null, revertedById: null, version: 1,
      });
      await this.history.settle(em, project.id, new Map());
      const [view] = await this.views([project], this.cutoffs(), em);
      await this.audit.record(em, { entity: 'project', entityId: project.id, action: 'create', actorId: user.id, after: strip(view) });
      return { ...view, possibleDuplicates };
    });
  }

  async update(user: AuthUser, id: number, dto: UpdateProjectDto) {
    return this.uow.run(async (em) => {
      const p = await this.findInScope(user, id, em);
      assertCanWriteProject(user, p);
      if (dto.version !== p.version) throw staleVersion('项目', dto.version, p.version);
      await this.checkCodes(em, dto, p);
      const ownership =
        dto.ownerId !== undefined || dto.teamId !== undefined
          ? await this.resolveOwnership(em, user, dto.ownerId ?? p.ownerId, dto.teamId === undefined ? (dto.ownerId !== undefined ? undefined : p.teamId) : dto.teamId, p)
          : { ownerId: p.ownerId, teamId: p.teamId };
      const stageFixes = this.stageCorrections(dto, p);
      const [beforeView] = await this.views([p], this.cutoffs(), em);
      const values = {
        ...(dto.name !== undefined && { name: dto.name.trim() }),
        ...(dto.industryChain !== undefined && { industryChain: dto.industryChain }),
        ...this.fieldValues(dto),
        ...(dto.isKeyProject !== undefined && { isKeyProject: dto.isKeyProject }),
        ...ownership,
        ...stageFixes,
      };
      const changed = (Object.keys(values) as (keyof Project)[]).some((k) => values[k as keyof typeof values] !== p[k]);
      // Nothing changed: no new version, no audit row.
      if (!changed) return beforeView;
      // The month-end pipeline sums planned investment: it moves with it.
      const share = values.plannedInvestment !== undefined && values.plannedInvestment !== p.plannedInvestment ? await this.history.share(em, id) : null;
      // Whoever changed the project since `version` wins; we get 409.
      await compareAndSet(em, Project, '项目', id, dto.version, values);
      if (share) await this.history.settle(em, id, share);
      const after = await em.findOneOrFail(Project, { where: { id } });
      const [afterView] = await this.views([after], this.cutoffs(), em);
      await this.audit.record(em, { entity: 'project', entityId: id, action: 'update', actorId: user.id, ...diff(strip(beforeView), strip(afterView)) });
      return afterView;
    });
  }

  /** Column values of the optional fields present in a create or update body. */
  private fieldValues(dto: CreateProjectDto | UpdateProjectDto): Partial<Project> {
    const out: Partial<Project> = {};
    const money = (v: number | null | undefined) => (v === null ? null : wanToYuan(v!));
    if (dto.park !== undefined) out.park = dto.park;
    if (dto.sourceChannel !== undefined) out.sourceChannel = dto.sourceChannel;
    if (dto.sourceRegion !== undefined) out.sourceRegion = dto.sourceRegion;
    if (dto.plannedInvestment !== undefined) out.plannedInvestment = money(dto.plannedInvestment);
    if (dto.expectedAnnualOutput !== undefined) out.expectedAnnualOutput = money(dto.expectedAnnualOutput);
    if (dto.expectedAnnualTax !== undefined) out.expectedAnnualTax = money(dto.expectedAnnualTax);
    if (dto.landArea !== undefined) out.landAreaCentimu = dto.landArea === null ? null : Math.round(dto.landArea * 100);
    if (dto.jobs !== undefined) out.jobs = dto.jobs;
    if (dto.leaderInCharge !== undefined) out.leaderInCharge = dto.leaderInCharge;
    if (dto.keyProjectLevel !== undefined) out.keyProjectLevel = dto.keyProjectLevel;
    if (dto.description !== undefined) out.description = dto.description;
    return out;
  }

  private checkCodes(em: EntityManager, dto: CreateProjectDto | UpdateProjectDto, p?: Project) {
    return this.dictionaries.assertCodes(em, [
      { field: 'industryChain', kind: 'industry-chains', code: dto.industryChain, previous: p?.industryChain },
      { field: 'park', kind: 'parks', code: dto.park, previous: p?.park },
      { field: 'sourceChannel', kind: 'source-channels', code: dto.sourceChannel, previous: p?.sourceChannel },
      { field: 'sourceRegion', kind: 'source-regions', code: dto.sourceRegion, previous: p?.sourceRegion },
    ]);
  }

  /**
   * Who owns the project and which team it belongs to. Officers own what they
   * create; managers assign within their team; admins anywhere.
   */
  private async resolveOwnership(em: EntityManager, user: AuthUser, ownerId: number | undefined, teamId: number | null | undefined, current: Project | null) {
    const targetOwner = ownerId ?? user.id;
    if (user.role === 'officer' && targetOwner !== user.id) {
      throw forbidden('officer_assigns_self', '招商专员不能把项目交给他人负责，请由团队负责人分派');
    }
    const owner = await em.findOne(User, { where: { id: targetOwner } });
    if (!owner || !owner.active || !OWNER_ROLES.includes(owner.role)) {
      throw badField('ownerId', 'bad_owner', '负责人应为在职的系统管理员、团队负责人或招商专员', targetOwner);
    }
    const team = teamId === undefined ? owner.teamId : teamId;
    if (team !== null && !(await em.exists(Team, { where: { id: team } }))) throw badField('teamId', 'unknown_team', `团队 ${team} 不存在`);
    if (user.role === 'manager' && user.dataScope !== 'all') {
      const changed = !current || current.ownerId !== owner.id || current.teamId !== team;
      if (changed && (team !== user.teamId || (owner.teamId !== user.teamId && owner.id !== user.id))) {
        throw forbidden('outside_own_team', '团队负责人只能在本团队内分派项目');
      }
    }
    return { ownerId: owner.id, teamId: team };
  }

  /**
   * PATCH may correct stage data the project already has (a wrong 签约日期 or
   * amount), never add a stage. Dates keep their order along the line.
   */
  private stageCorrections(dto: UpdateProjectDto, p: Project): Partial<Project> {
    const out: Partial<Project> = {};
    const problems: Problem[] = [];
    const today = this.clock.today();
    const guard = (field: 'signedOn' | 'contractInvestment' | 'agreementType' | 'contractNo' | 'constructionStartedOn' | 'productionStartedOn', has: unknown) => {
      if (dto[field] === undefined) return false;
      if (has === null) {
        problems.push({ field, code: 'not_entered_yet', message: `项目还没有${fieldLabel(field)}，应通过推进阶段填写` });
        return false;
      }
      return true;
    };
    if (guard('signedOn', p.signedOn)) out.signedOn = dto.signedOn!;
    if (guard('contractInvestment', p.signedOn)) out.contractInvestment = wanToYuan(dto.contractInvestment!);
    if (guard('agreementType', p.signedOn)) out.agreementType = dto.agreementType!;
    if (guard('contractNo', p.signedOn)) out.contractNo = dto.contractNo ?? null;
    if (guard('constructionStartedOn', p.constructionStartedOn)) out.constructionStartedOn = dto.constructionStartedOn!;
    if (guard('productionStartedOn', p.productionStartedOn)) out.productionStartedOn = dto.productionStartedOn!;
    const signed = out.signedOn ?? p.signedOn;
    const built = out.constructionStartedOn ?? p.constructionStartedOn;
    const produced = out.productionStartedOn ?? p.productionStartedOn;
    for (const [field, v] of [['signedOn', out.signedOn], ['constructionStartedOn', out.constructionStartedOn], ['productionStartedOn', out.productionStartedOn]] as const) {
      const future = v ? checks.notInFuture(field, fieldLabel(field), v, today) : null;
      if (future) problems.push(future);
    }
    if (signed && built && built < signed && (out.signedOn || out.constructionStartedOn)) {
      problems.push({ field: out.constructionStartedOn ? 'constructionStartedOn' : 'signedOn', code: 'dates_out_of_order', message: `开工日期（${built}）不能早于签约日期（${signed}）` });
    }
    if (built && produced && produced < built && (out.constructionStartedOn || out.productionStartedOn)) {
      problems.push({ field: out.productionStartedOn ? 'productionStartedOn' : 'constructionStartedOn', code: 'dates_out_of_order', message: `投产日期（${produced}）不能早于开工日期（${built}）` });
    }
    if (problems.length) throw badInput(problems);
    return out;
  }
}

/** Audit snapshots leave out what is derived at read time. */
function strip(view: Record<string, unknown>) {
  const { supervision: _s, createdAt: _c, updatedAt: _u, ...rest } = view;
  return rest;
}
