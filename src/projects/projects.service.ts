import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import { CompaniesRepository } from '../companies/companies.repository';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, badInput, checks, forbidden, type Problem, notFound } from '../core/errors';
import { roleChoice } from '../core/auth/roles';
import { fieldLabel } from '../core/http/field-labels';
import { paging, sorting } from '../core/http/list';
import { wanToYuan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import { DictionaryLabels, type LabelSnapshot } from '../dictionaries/dictionary-labels';
import { PipelineHistory } from './pipeline-history';
import { allowedTargetsFor, CORRECTOR_ROLES, dateOrderProblems, type Stage, type StageDates, STAGE_LABELS, stageDataFor } from './pipeline';
import { canRevertProject, canWriteProject, changesHands, findProjectInScope, findWritableProject, visibleOr404, type WriteCheck } from './project-access';
import { assertCodeFree, codeConflictAsDomainError, normaliseCode } from './project-code';
import { ProjectPlacement } from './project-placement';
import { TeamHistoryRepository } from './team-history.repository';
import { ProjectDuplicateCheck } from './project-duplicates.port';
import type { Project } from './project.entity';
import { projectFields, type ProjectView, toProjectView } from './project.view';
import type { CreateProjectDto, ProjectQuery, UpdateProjectDto } from './projects.dto';
import { DATE_RANGES, PROJECT_SORT, type ProjectFilter, type ProjectRow, ProjectsRepository } from './projects.repository';
import { type LightCutoffs, lightCutoffs, supervisionOf } from './supervision';
import { TransitionsRepository } from './transitions.repository';

const RANGE_NAMES: Record<keyof typeof DATE_RANGES, string> = { signed: '签约日期', created: '登记日期', lastActivity: '最近跟进日期' };

const NO_NAMES = { companyName: null, ownerName: null, teamName: null };

const NO_STAGE_DATES: StageDates = { signedOn: null, constructionStartedOn: null, productionStartedOn: null };

/** A PATCH that moves the 登记日期: the new values, and the first move it may not come after. */
interface ReRegistration {
  values: { createdOn: string; stageEnteredOn?: string };
  firstMove: { effectiveOn: string; toStage: Stage } | null;
}

/** A project as the API shows it, from the row its repository read. */
function projectView(r: ProjectRow, cut: LightCutoffs, labels: LabelSnapshot): ProjectView {
  return toProjectView(r.project, r.names, supervisionOf(r.light, cut), labels);
}

@Injectable()
export class ProjectsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectsRepository,
    private readonly transitions: TransitionsRepository,
    private readonly companies: CompaniesRepository,
    private readonly ledger: PipelineHistory,
    private readonly audit: AuditService,
    private readonly dictionaries: DictionariesService,
    private readonly labels: DictionaryLabels,
    private readonly duplicates: ProjectDuplicateCheck,
    private readonly placement: ProjectPlacement,
    private readonly teamHistory: TeamHistoryRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  cutoffs(): LightCutoffs {
    return lightCutoffs(this.clock.today(), this.config.supervision);
  }

  /** The project if the caller may see it; otherwise 404, whether it exists or not. */
  findInScope(user: AuthUser, id: number, em?: EntityManager): Promise<Project> {
    return findProjectInScope(this.projects, user, id, em);
  }

  /**
   * The project the caller is about to change: in scope (404), theirs to
   * change (403, `check.may`, default: may write it), at `check.version`
   * (409). For every write that hangs off a project.
   */
  findWritable(user: AuthUser, id: number, check: WriteCheck = {}, em?: EntityManager): Promise<Project> {
    return findWritableProject(this.projects, user, id, check, em);
  }

  /** GET /projects: a page of the projects the filters match in the caller's scope (one statement), with labels from memory. */
  async list(user: AuthUser, q: ProjectQuery) {
    const { page, pageSize, skip } = paging(q);
    const order = sorting(q.sort, PROJECT_SORT, ['p.id', 'DESC']);
    const cut = this.cutoffs();
    const { rows, total } = await this.projects.listPage(user, this.checkedFilter(q), cut, order, { skip, take: pageSize });
    const labels = await this.labels.lookup();
    return { items: rows.map((r) => projectView(r, cut, labels)), total, page, pageSize };
  }

  /**
   * Every project the list filters match within the caller's scope, without
   * paging (the Excel ledger); 项目编号 ascending unless `sort` says otherwise.
   * `total` comes first (this is where a bad filter is refused), then `pages`
   * yields the views `chunk` at a time, so that a district's ledger is never
   * in memory whole. By id (the default) each page continues after the last
   * id seen; under another sort the matching ids are read first, in order.
   * Small pages die young: pages of 250 or 1,000 rows were promoted to the
   * old generation, which grew by 100-200 MB before it was collected.
   */
  async listAll(user: AuthUser, q: ProjectQuery, chunk = 100): Promise<{ total: number; pages: AsyncIterable<ProjectView[]> }> {
    const order = sorting(q.sort, PROJECT_SORT, ['p.id', 'ASC']);
    const cut = this.cutoffs();
    const filter = this.checkedFilter(q);
    const labels = await this.labels.lookup();
    const views = (rows: ProjectRow[]) => rows.map((r) => projectView(r, cut, labels));
    const projects = this.projects;
    if (order[0] === 'p.id') {
      const total = await projects.countMatching(user, filter, cut);
      const pages = async function* () {
        for (let after: number | null = null; ;) {
          const rows = await projects.listAfter(user, filter, cut, order[1], after, chunk);
          if (rows.length) yield views(rows);
          if (rows.length < chunk) return;
          after = rows[rows.length - 1].project.id;
        }
      };
      return { total, pages: pages() };
    }
    const ids = await projects.matchingIds(user, filter, cut, order);
    const pages = async function* () {
      for (let i = 0; i < ids.length; i += chunk) yield views(await projects.rowsByIds(ids.slice(i, i + chunk), cut));
    };
    return { total: ids.length, pages: pages() };
  }

  /** The list filters, once no date range runs backwards (400 naming each that does). */
  private checkedFilter(q: ProjectQuery): ProjectFilter {
    const problems: Problem[] = [];
    for (const name of Object.keys(DATE_RANGES) as (keyof typeof DATE_RANGES)[]) {
      const reversed = checks.rangeOrder(`${name}To`, RANGE_NAMES[name], q[`${name}From` as const], q[`${name}To` as const]);
      if (reversed) problems.push(reversed);
    }
    if (problems.length) throw badInput(problems);
    const { page: _p, pageSize: _s, sort: _o, ...filter } = q;
    return filter;
  }

  /** Views of these projects, in the order of `ids`: one statement, labels from memory. */
  async views(ids: number[], em?: EntityManager): Promise<ProjectView[]> {
    if (!ids.length) return [];
    const cut = this.cutoffs();
    const rows = await this.projects.rowsByIds(ids, cut, em);
    const labels = await this.labels.lookup(em);
    return rows.map((r) => projectView(r, cut, labels));
  }

  /**
   * GET /projects/:id: the project, what the caller may do with it, and
   * possible duplicates — two statements: the project with its names, light
   * and whether its latest move can be reverted; the duplicate check.
   */
  async detail(user: AuthUser, id: number, em?: EntityManager) {
    const cut = this.cutoffs();
    const row = await this.projects.detailRow(id, cut, em);
    const p = visibleOr404(user, id, row?.project ?? null);
    const view = projectView(row!, cut, await this.labels.lookup(em));
    const writable = canWriteProject(user, p);
    const allowed = writable ? allowedTargetsFor(p, user.role) : [];
    return {
      ...view,
      allowedTransitions: allowed.map((to) => ({
        to, label: STAGE_LABELS[to], requires: stageDataFor(p, to).required, optional: stageDataFor(p, to).optional,
      })),
      canEdit: writable,
      // The registration row (no `before`) cannot be reverted: revert would answer 422.
      canRevert: canRevertProject(user, p) && row!.revertible,
      possibleDuplicates: await this.duplicates.forProject(p, user, em),
    };
  }

  async create(user: AuthUser, dto: CreateProjectDto) {
    const code = normaliseCode(dto.code) ?? null;
    const id = await codeConflictAsDomainError(code, () => this.uow.run(async (em) => {
      if (!(await this.companies.exists(dto.companyId, em))) throw badField('companyId', 'unknown_company', `企业 ${dto.companyId} 不存在`);
      await this.checkCodes(em, dto);
      await assertCodeFree(this.projects, em, code);
      const { ownerId, teamId } = await this.placement.resolve(em, user, dto.ownerId, dto.teamId, null);
      // 登记日期: today unless the project is entered after the fact; its history starts that day.
      const createdOn = dto.createdOn ?? this.clock.today();
      const problems = dateOrderProblems({ today: this.clock.today(), registeredOn: createdOn, current: NO_STAGE_DATES, entered: { createdOn } });
      if (problems.length) throw badInput(problems);
      const project = await this.projects.insert(em, {
        code,
        name: dto.name.trim(),
        companyId: dto.companyId,
        industryChain: dto.industryChain,
        stage: 'visit',
        stageEnteredOn: createdOn,
        ...this.fieldValues(dto),
        ownerId,
        teamId,
        isKeyProject: dto.isKeyProject ?? false,
        createdOn,
        version: 1,
        createdById: user.id,
      });
      // The history starts with the project entering the pipeline, on its 登记日期.
      await this.transitions.append(em, {
        projectId: project.id, kind: 'transition', fromStage: null, toStage: 'visit', effectiveOn: createdOn,
        actorId: user.id, note: '登记项目', data: null, before: null, revertsId: null, revertedById: null, version: 1,
      });
      await this.ledger.settle(em, project.id, new Map());
      await this.teamHistory.start(em, project.id, teamId);
      await this.audit.record(em, { entity: 'project', entityId: project.id, action: 'create', actorId: user.id, after: await this.snapshot(project, em) });
      return project.id;
    }));
    const [view] = await this.views([id]);
    if (!view) throw notFound('项目', id);
    return { ...view, possibleDuplicates: await this.duplicates.forProject({ id, companyId: dto.companyId, industryChain: dto.industryChain }, user) };
  }

  async update(user: AuthUser, id: number, dto: UpdateProjectDto): Promise<ProjectView> {
    const code = normaliseCode(dto.code);
    await codeConflictAsDomainError(code, () => this.uow.run(async (em) => {
      const p = await this.findWritable(user, id, { version: dto.version }, em);
      await this.checkCodes(em, dto, p);
      if (code !== p.code) await assertCodeFree(this.projects, em, code, id);
      const ownership =
        dto.ownerId !== undefined || dto.teamId !== undefined
          ? await this.placement.resolve(em, user, dto.ownerId ?? p.ownerId, dto.teamId === undefined ? (dto.ownerId !== undefined ? undefined : p.teamId) : dto.teamId, p)
          : { ownerId: p.ownerId, teamId: p.teamId };
      const reRegistration = await this.reRegistration(em, user, dto, p);
      const values = {
        ...(code !== undefined && { code }),
        ...(dto.name !== undefined && { name: dto.name.trim() }),
        ...(dto.industryChain !== undefined && { industryChain: dto.industryChain }),
        ...this.fieldValues(dto),
        ...(dto.isKeyProject !== undefined && { isKeyProject: dto.isKeyProject }),
        ...ownership,
        ...this.stageCorrections(dto, p, reRegistration),
        ...reRegistration?.values,
      };
      const changed = (Object.keys(values) as (keyof Project)[]).some((k) => values[k as keyof typeof values] !== p[k]);
      // Nothing changed: no new version, no audit row.
      if (!changed) return;
      const before = await this.snapshot(p, em);
      // The month-end pipeline sums planned investment and starts each project's stays on its 登记日期: it moves with both.
      const plannedMoved = values.plannedInvestment !== undefined && values.plannedInvestment !== p.plannedInvestment;
      const share = plannedMoved || reRegistration ? await this.ledger.share(em, id) : null;
      // Whoever changed the project since `version` wins; we get 409.
      await this.projects.updateIfVersion(em, id, dto.version, values);
      if (reRegistration) await this.transitions.redateRegistration(em, id, reRegistration.values.createdOn);
      if (share) await this.ledger.settle(em, id, share);
      // credit already earned stays with the team that held the project (team-history.ts)
      await this.teamHistory.move(em, id, p.teamId, ownership.teamId, this.clock.today());
      const after = await this.snapshot(await this.mustFind(id, em), em);
      // 移交 is recorded as such: the row says the project changed hands, with whatever else changed with it.
      const action = changesHands(p, ownership) ? 'handover' : 'update';
      await this.audit.record(em, { entity: 'project', entityId: id, action, actorId: user.id, ...diff(before, after) });
    }));
    const [view] = await this.views([id]);
    if (!view) throw notFound('项目', id);
    return view;
  }

  /** What the audit log keeps of a project: its fields, without what is derived at read time. */
  async snapshot(p: Project, em: EntityManager) {
    return projectFields(p, (await this.projects.namesOf([p.id], em)).get(p.id) ?? NO_NAMES);
  }

  private async mustFind(id: number, em?: EntityManager): Promise<Project> {
    const p = await this.projects.findById(id, em);
    if (!p) throw notFound('项目', id);
    return p;
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
   * A correction of the 登记日期 (PATCH createdOn), when it changes it: only
   * managers and admins (CORRECTOR_ROLES) may, as they may revert; it may not
   * come after the project's first move (checked with the other dates in
   * stageCorrections). The registration row of the history follows, and so
   * does stageEnteredOn while the registration is the latest standing move.
   */
  private async reRegistration(em: EntityManager, user: AuthUser, dto: UpdateProjectDto, p: Project): Promise<ReRegistration | null> {
    if (dto.createdOn === undefined || dto.createdOn === p.createdOn) return null;
    if (!CORRECTOR_ROLES.includes(user.role)) throw forbidden('role_not_allowed', `只有${roleChoice(CORRECTOR_ROLES)}可以更正登记日期`);
    const first = await this.transitions.firstStandingMove(p.id, em);
    const last = await this.transitions.lastStandingMove(p.id, em);
    const registrationStands = !last || last.fromStage === null;
    return {
      firstMove: first && { effectiveOn: first.effectiveOn, toStage: first.toStage },
      values: { createdOn: dto.createdOn, ...(registrationStands && { stageEnteredOn: dto.createdOn }) },
    };
  }

  /**
   * PATCH may correct stage data the project already has (a wrong 签约日期 or
   * amount), never add a stage. Dates keep their order along the line, after
   * the 登记日期 (as corrected now, if it is).
   */
  private stageCorrections(dto: UpdateProjectDto, p: Project, reRegistration: ReRegistration | null): Partial<Project> {
    const out: Partial<Project> = {};
    const problems: Problem[] = [];
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
    problems.push(...dateOrderProblems({
      today: this.clock.today(),
      registeredOn: p.createdOn,
      current: { signedOn: p.signedOn, constructionStartedOn: p.constructionStartedOn, productionStartedOn: p.productionStartedOn },
      entered: {
        ...(out.signedOn && { signedOn: out.signedOn }),
        ...(out.constructionStartedOn && { constructionStartedOn: out.constructionStartedOn }),
        ...(out.productionStartedOn && { productionStartedOn: out.productionStartedOn }),
        ...(reRegistration && { createdOn: reRegistration.values.createdOn }),
      },
      firstMove: reRegistration?.firstMove,
    }));
    if (problems.length) throw badInput(problems);
    return out;
  }
}
