import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { compareAndSet } from '../core/database/compare-and-set';
import { UnitOfWork } from '../core/database/unit-of-work';
import { ROLE_LABELS } from '../core/auth/roles';
import { badInput, checks, type Problem, forbidden, notAllowed, staleVersion, ruleViolation } from '../core/errors';
import { fieldLabel } from '../core/http/field-labels';
import { wanToYuan, yuanToWan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import { User } from '../users/user.entity';
import { allowedTargetsFor, checkTransition, isResume, type Stage, STAGE_LABELS, stageDataFor, type TransitionField } from './pipeline';
import { assertCanWriteProject, assertManagerOrAdmin } from './project-access';
import { PIPELINE_FIELDS, type PipelineSnapshot, Project } from './project.entity';
import { PipelineHistory } from './pipeline-history';
import { ProjectTransition } from './project-transition.entity';
import type { RevertDto, TransitionDto } from './projects.dto';
import { ProjectsService } from './projects.service';

const DATA_FIELDS: TransitionField[] = [
  'signedOn', 'contractInvestment', 'agreementType', 'contractNo', 'constructionStartedOn', 'productionStartedOn',
  'reason', 'reasonCode', 'expectedResumeOn',
];

/** The stage date a target carries; other targets use effectiveOn. */
const STAGE_DATE: Partial<Record<Stage, TransitionField>> = {
  signed: 'signedOn',
  construction: 'constructionStartedOn',
  production: 'productionStartedOn',
};

function snapshot(p: Project): PipelineSnapshot {
  const out = {} as Record<string, unknown>;
  for (const f of PIPELINE_FIELDS) out[f] = p[f];
  return out as PipelineSnapshot;
}

@Injectable()
export class TransitionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly dictionaries: DictionariesService,
    private readonly projects: ProjectsService,
    private readonly clock: Clock,
    private readonly pipelineHistory: PipelineHistory,
  ) {}

  async history(user: AuthUser, projectId: number) {
    await this.projects.findInScope(user, projectId);
    const rows = await this.ds.getRepository(ProjectTransition).find({ where: { projectId }, order: { seq: 'ASC' } });
    const actors = await this.ds.getRepository(User).find({ where: rows.map((r) => ({ id: r.actorId })) });
    const items = rows.map((r) => ({
      id: r.id, seq: r.seq, kind: r.kind, fromStage: r.fromStage, toStage: r.toStage,
      toStageLabel: STAGE_LABELS[r.toStage], effectiveOn: r.effectiveOn, actorId: r.actorId,
      actorName: actors.find((a) => a.id === r.actorId)?.name ?? null, note: r.note, data: r.data,
      revertsId: r.revertsId, revertedById: r.revertedById, reverted: r.revertedById !== null, version: r.version,
      createdAt: r.createdAt,
    }));
    return { items, total: items.length, page: 1, pageSize: items.length };
  }

  /** Moves a project along the machine: guards, required data, date order, compare-and-set on version. */
  transition(user: AuthUser, projectId: number, dto: TransitionDto) {
    return this.uow.run(async (em) => {
      const p = await this.projects.findInScope(user, projectId, em);
      assertCanWriteProject(user, p);
      if (dto.version !== p.version) throw staleVersion('项目', dto.version, p.version);

      const check = checkTransition(p, dto.to, user.role);
      if (!check.ok && check.reason === 'role') {
        throw forbidden('role_not_allowed', `只有${check.onlyRoles.map((r) => ROLE_LABELS[r]).join('或')}可以把项目从“${STAGE_LABELS[p.stage]}”改为“${STAGE_LABELS[dto.to]}”`);
      }
      if (!check.ok) {
        const allowed = allowedTargetsFor(p, user.role);
        throw notAllowed(
          `处于“${STAGE_LABELS[p.stage]}”的项目不能改为“${STAGE_LABELS[dto.to]}”${p.stage === 'dropped' && dto.to !== 'dropped' ? '（只有签约前终止的项目可以重新启动）' : ''}；可改为：${allowed.map((s) => STAGE_LABELS[s]).join('、') || '无'}`,
          allowed,
        );
      }

      const effectiveOn = await this.checkData(em, p, dto);
      const before = snapshot(p);
      const next = this.apply(p, dto, effectiveOn);

      const share = await this.pipelineHistory.share(em, projectId);
      const version = await this.compareAndSet(em, p, next);
      const last = await em.findOne(ProjectTransition, { where: { projectId }, order: { seq: 'DESC' } });
      const data = this.enteredData(dto);
      const row = await em.save(em.create(ProjectTransition, {
        projectId, seq: (last?.seq ?? 0) + 1, kind: 'transition', fromStage: p.stage, toStage: next.stage!,
        effectiveOn, actorId: user.id, note: dto.note ?? null, data, before, revertsId: null, revertedById: null, version,
      }));
      await this.pipelineHistory.settle(em, projectId, share);
      await this.audit.record(em, {
        entity: 'project', entityId: projectId, action: 'transition', actorId: user.id,
        before: { stage: p.stage, version: p.version }, after: { stage: next.stage, version, effectiveOn, ...data },
      });
      return { transition: { id: row.id, seq: row.seq, fromStage: row.fromStage, toStage: row.toStage, effectiveOn }, project: await this.projects.detail(user, projectId, em) };
    });
  }

  /** Undoes the latest transition that still stands (manager or admin, with a reason); the revert is itself recorded. */
  revert(user: AuthUser, projectId: number, dto: RevertDto) {
    return this.uow.run(async (em) => {
      const p = await this.projects.findInScope(user, projectId, em);
      assertManagerOrAdmin(user, '撤销上一步');
      assertCanWriteProject(user, p);
      if (dto.version !== p.version) throw staleVersion('项目', dto.version, p.version);
      const target = await em.findOne(ProjectTransition, {
        where: { projectId, kind: 'transition', revertedById: IsNull() },
        order: { seq: 'DESC' },
      });
      if (!target || !target.before) throw ruleViolation('nothing_to_revert', '该项目没有可撤销的阶段变更');
      // Put back only the fields the reverted move wrote, so that corrections made since (PATCH) stay.
      const before = target.before;
      const written = Object.keys(this.apply(before, { to: target.toStage, ...target.data } as TransitionDto, target.effectiveOn)) as (keyof PipelineSnapshot)[];
      const restored = Object.fromEntries(written.map((f) => [f, before[f]])) as Partial<PipelineSnapshot> & Pick<PipelineSnapshot, 'stage'>;
      const share = await this.pipelineHistory.share(em, projectId);
      const version = await this.compareAndSet(em, p, restored);
      const last = await em.findOne(ProjectTransition, { where: { projectId }, order: { seq: 'DESC' } });
      const today = this.clock.today();
      const row = await em.save(em.create(ProjectTransition, {
        projectId, seq: (last?.seq ?? 0) + 1, kind: 'revert', fromStage: p.stage, toStage: restored.stage,
        effectiveOn: today, actorId: user.id, note: dto.reason, data: { reason: dto.reason, reverts: target.seq },
        before: snapshot(p), revertsId: target.id, revertedById: null, version,
      }));
      await em.update(ProjectTransition, { id: target.id }, { revertedById: row.id });
      await this.pipelineHistory.settle(em, projectId, share);
      await this.audit.record(em, {
        entity: 'project', entityId: projectId, action: 'revert', actorId: user.id,
        before: { stage: p.stage, version: p.version }, after: { stage: restored.stage, version, reason: dto.reason, reverts: target.seq },
      });
      return { transition: { id: row.id, seq: row.seq, fromStage: row.fromStage, toStage: row.toStage, effectiveOn: today }, project: await this.projects.detail(user, projectId, em) };
    });
  }

  /** Writes the pipeline fields if nobody moved the project since we read it; returns the new version. */
  private compareAndSet(em: EntityManager, p: Project, values: Partial<PipelineSnapshot>): Promise<number> {
    return compareAndSet(em, Project, '项目', p.id, p.version, values);
  }

  /** Validates the data the target needs and the date order; returns the move's business date. */
  private async checkData(em: EntityManager, p: Project, dto: TransitionDto): Promise<string> {
    const to = dto.to;
    const spec = stageDataFor(p, to);
    const problems: Problem[] = [];
    for (const f of DATA_FIELDS) {
      const present = dto[f] !== undefined;
      if (present && !spec.required.includes(f) && !spec.optional.includes(f)) {
        const takes = [...spec.required, ...spec.optional].map(fieldLabel).join('、');
        problems.push({ field: f, code: 'not_applicable', message: `改为“${STAGE_LABELS[to]}”不填${fieldLabel(f)}${takes ? `（需填：${takes}）` : ''}` });
      }
      if (!present && spec.required.includes(f)) problems.push({ field: f, code: 'required', message: `改为“${STAGE_LABELS[to]}”须填写${fieldLabel(f)}` });
    }
    if (problems.length) throw badInput(problems);

    const today = this.clock.today();
    // Resuming keeps the stage's own date (the signing stays where it was); the move is dated by effectiveOn.
    const dateField = isResume(p, to) ? undefined : STAGE_DATE[to];
    const stageDate = dateField ? (dto[dateField] as string) : undefined;
    if (stageDate && dto.effectiveOn && dto.effectiveOn !== stageDate) {
      problems.push({ field: 'effectiveOn', code: 'date_mismatch', message: `业务日期应与${fieldLabel(dateField!)}（${stageDate}）相同，或不填` });
    }
    const effectiveOn = stageDate ?? dto.effectiveOn ?? today;
    const dateName = dateField ?? 'effectiveOn';
    const future = checks.notInFuture(dateName, fieldLabel(dateName), effectiveOn, today);
    if (future) problems.push(future);
    const lastMove = await em
      .getRepository(ProjectTransition)
      .createQueryBuilder('t')
      .where('t."projectId" = :id AND t.kind = :k AND t."revertedById" IS NULL AND t."fromStage" IS NOT NULL', { id: p.id, k: 'transition' })
      .orderBy('t.seq', 'DESC')
      .getOne();
    if (lastMove && effectiveOn < lastMove.effectiveOn) {
      problems.push({ field: dateName, code: 'dates_out_of_order', message: `${fieldLabel(dateName)}（${effectiveOn}）不能早于上一次变更（${lastMove.effectiveOn} ${STAGE_LABELS[lastMove.toStage]}）` });
    }
    if (to === 'construction' && p.signedOn && effectiveOn < p.signedOn) {
      problems.push({ field: 'constructionStartedOn', code: 'dates_out_of_order', message: `开工日期（${effectiveOn}）不能早于签约日期（${p.signedOn}）` });
    }
    if (to === 'production' && p.constructionStartedOn && effectiveOn < p.constructionStartedOn) {
      problems.push({ field: 'productionStartedOn', code: 'dates_out_of_order', message: `投产日期（${effectiveOn}）不能早于开工日期（${p.constructionStartedOn}）` });
    }
    if (dto.expectedResumeOn && dto.expectedResumeOn < effectiveOn) {
      problems.push({ field: 'expectedResumeOn', code: 'dates_out_of_order', message: `预计恢复日期（${dto.expectedResumeOn}）不能早于暂缓日期（${effectiveOn}）` });
    }
    if (problems.length) throw badInput(problems);
    if (to === 'dropped') await this.dictionaries.assertCodes(em, [{ field: 'reasonCode', kind: 'drop-reasons', code: dto.reasonCode }]);
    return effectiveOn;
  }

  /** The pipeline fields after the move. */
  private apply(p: PipelineSnapshot, dto: TransitionDto, on: string): Partial<PipelineSnapshot> {
    const to = dto.to;
    const next: Partial<PipelineSnapshot> = { stage: to, stageEnteredOn: on };
    if (p.stage === 'on_hold') Object.assign(next, { pausedFromStage: null, onHoldReason: null, expectedResumeOn: null });
    if (p.stage === 'dropped') Object.assign(next, { droppedFromStage: null, dropReasonCode: null, dropReasonText: null });
    if (isResume(p, to)) return next;
    switch (to) {
      case 'signed':
        Object.assign(next, {
          signedOn: dto.signedOn, contractInvestment: wanToYuan(dto.contractInvestment!),
          agreementType: dto.agreementType, contractNo: dto.contractNo ?? null,
        });
        break;
      case 'construction':
        next.constructionStartedOn = dto.constructionStartedOn;
        break;
      case 'production':
        next.productionStartedOn = dto.productionStartedOn;
        break;
      case 'on_hold':
        Object.assign(next, { pausedFromStage: p.stage, onHoldReason: dto.reason, expectedResumeOn: dto.expectedResumeOn ?? null });
        break;
      case 'dropped':
        Object.assign(next, {
          droppedFromStage: p.stage === 'on_hold' ? p.pausedFromStage : p.stage,
          dropReasonCode: dto.reasonCode, dropReasonText: dto.reason,
        });
        break;
    }
    return next;
  }

  private enteredData(dto: TransitionDto): Record<string, unknown> | null {
    const data: Record<string, unknown> = {};
    for (const f of DATA_FIELDS) if (dto[f] !== undefined) data[f] = dto[f];
    if (typeof data.contractInvestment === 'number') data.contractInvestment = yuanToWan(wanToYuan(data.contractInvestment));
    return Object.keys(data).length ? data : null;
  }
}
