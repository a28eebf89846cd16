import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { roleChoice } from '../core/auth/roles';
import { Clock } from '../core/clock';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badInput, type Problem, forbidden, notAllowed, ruleViolation } from '../core/errors';
import { fieldLabel } from '../core/http/field-labels';
import { onePage } from '../core/http/list';
import { wanToYuan, yuanToWan } from '../core/money';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import { DictionaryLabels, type LabelSnapshot } from '../dictionaries/dictionary-labels';
import { PipelineHistory } from './pipeline-history';
import {
  allowedTargetsFor, checkTransition, dateOrderProblems, isResume, type Stage, STAGE_LABELS, stageDataFor, stageDateFieldFor, TRANSITION_FIELDS,
} from './pipeline';
import { assertCanRevert, findProjectInScope, findWritableProject } from './project-access';
import { AGREEMENT_TYPE_LABELS, PIPELINE_FIELDS, type PipelineSnapshot, type Project } from './project.entity';
import { type ProjectTransition, TRANSITION_KIND_LABELS } from './project-transition.entity';
import { fixedLabel } from './project.view';
import type { RevertDto, TransitionDto } from './projects.dto';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';
import { TransitionsRepository } from './transitions.repository';

function snapshot(p: Project): PipelineSnapshot {
  const out = {} as Record<string, unknown>;
  for (const f of PIPELINE_FIELDS) out[f] = p[f];
  return out as PipelineSnapshot;
}

/** The data entered with a move, with the labels of the codes in it (a drop reason, an agreement type). */
function labelledData(data: Record<string, unknown> | null, dict: LabelSnapshot): Record<string, unknown> | null {
  if (!data) return null;
  const out = { ...data };
  if (typeof data.reasonCode === 'string') out.reasonCodeLabel = dict.of('drop-reasons', data.reasonCode);
  if (typeof data.agreementType === 'string') out.agreementTypeLabel = fixedLabel(AGREEMENT_TYPE_LABELS, data.agreementType);
  return out;
}

/** What POST …/transitions and …/revert answer: the history row written, and the project as it now stands. */
function moved(row: ProjectTransition) {
  return { id: row.id, seq: row.seq, fromStage: row.fromStage, toStage: row.toStage, effectiveOn: row.effectiveOn };
}

/**
 * The pipeline's moves: a transition along the machine (pipeline.ts) and the
 * revert of the latest one. Each writes the project, its history, the ledger
 * and the audit log in one unit; the answer is read after the commit.
 */
@Injectable()
export class TransitionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectsRepository,
    private readonly transitions: TransitionsRepository,
    private readonly ledger: PipelineHistory,
    private readonly audit: AuditService,
    private readonly dictionaries: DictionariesService,
    private readonly views: ProjectsService,
    private readonly clock: Clock,
    private readonly labels: DictionaryLabels,
  ) {}

  async history(user: AuthUser, projectId: number) {
    await findProjectInScope(this.projects, user, projectId);
    const rows = await this.transitions.history(projectId);
    const dict = await this.labels.lookup();
    const items = rows.map((r) => ({
      id: r.id, seq: r.seq, kind: r.kind, kindLabel: TRANSITION_KIND_LABELS[r.kind],
      fromStage: r.fromStage, fromStageLabel: r.fromStage === null ? null : STAGE_LABELS[r.fromStage],
      toStage: r.toStage, toStageLabel: STAGE_LABELS[r.toStage], effectiveOn: r.effectiveOn, actorId: r.actorId,
      actorName: r.actorName, note: r.note, data: labelledData(r.data, dict),
      revertsId: r.revertsId, revertedById: r.revertedById, reverted: r.revertedById !== null, version: r.version,
      createdAt: r.createdAt,
    }));
    return onePage(items);
  }

  /** Moves a project along the machine: guards, required data, date order, compare-and-set on version. */
  async transition(user: AuthUser, projectId: number, dto: TransitionDto) {
    const row = await this.uow.run(async (em) => {
      const p = await findWritableProject(this.projects, user, projectId, { version: dto.version }, em);
      this.assertMayTake(user, p, dto.to);
      const last = await this.transitions.lastStandingMove(projectId, em);
      // The registration is not "the previous move": a move before it is refused as before the 登记日期 (createdOn).
      const effectiveOn = await this.checkData(em, p, dto, last && last.fromStage !== null ? last : null);
      const next = this.apply(p, dto, effectiveOn);

      const share = await this.ledger.share(em, projectId);
      const version = await this.projects.updateIfVersion(em, projectId, p.version, next);
      const data = this.enteredData(dto);
      const written = await this.transitions.append(em, {
        projectId, kind: 'transition', fromStage: p.stage, toStage: next.stage!, effectiveOn, actorId: user.id,
        note: dto.note ?? null, data, before: snapshot(p), revertsId: null, revertedById: null, version,
      });
      await this.ledger.settle(em, projectId, share);
      await this.audit.record(em, {
        entity: 'project', entityId: projectId, action: 'transition', actorId: user.id,
        before: { stage: p.stage, version: p.version }, after: { stage: next.stage, version, effectiveOn, ...data },
      });
      return written;
    });
    return { transition: moved(row), project: await this.views.detail(user, projectId) };
  }

  /** Undoes the latest transition that still stands (manager or admin, with a reason); the revert is itself recorded. */
  async revert(user: AuthUser, projectId: number, dto: RevertDto) {
    const row = await this.uow.run(async (em) => {
      const p = await findWritableProject(this.projects, user, projectId, { version: dto.version, may: assertCanRevert }, em);
      const target = await this.transitions.lastStandingMove(projectId, em);
      if (!target || !target.before) throw ruleViolation('nothing_to_revert', '该项目没有可撤销的阶段变更');
      // Put back only the fields the reverted move wrote, so that corrections made since (PATCH) stay.
      const before = target.before;
      const written = Object.keys(this.apply(before, { to: target.toStage, ...target.data } as TransitionDto, target.effectiveOn)) as (keyof PipelineSnapshot)[];
      const restored = Object.fromEntries(written.map((f) => [f, before[f]])) as Partial<PipelineSnapshot> & Pick<PipelineSnapshot, 'stage'>;
      const share = await this.ledger.share(em, projectId);
      const version = await this.projects.updateIfVersion(em, projectId, p.version, restored);
      const revertRow = await this.transitions.append(em, {
        projectId, kind: 'revert', fromStage: p.stage, toStage: restored.stage, effectiveOn: this.clock.today(), actorId: user.id,
        note: dto.reason, data: { reason: dto.reason, reverts: target.seq }, before: snapshot(p), revertsId: target.id, revertedById: null, version,
      });
      await this.transitions.markReverted(em, target.id, revertRow.id);
      await this.ledger.settle(em, projectId, share);
      await this.audit.record(em, {
        entity: 'project', entityId: projectId, action: 'revert', actorId: user.id,
        before: { stage: p.stage, version: p.version }, after: { stage: restored.stage, version, reason: dto.reason, reverts: target.seq },
      });
      return revertRow;
    });
    return { transition: moved(row), project: await this.views.detail(user, projectId) };
  }

  /** The machine's word on this move for this caller: 403 when the edge needs another role, 422 listing what is allowed. */
  private assertMayTake(user: AuthUser, p: Project, to: Stage): void {
    const check = checkTransition(p, to, user.role);
    if (check.ok) return;
    if (check.reason === 'role') {
      throw forbidden('role_not_allowed', `只有${roleChoice(check.onlyRoles)}可以把项目从“${STAGE_LABELS[p.stage]}”改为“${STAGE_LABELS[to]}”`);
    }
    const allowed = allowedTargetsFor(p, user.role);
    throw notAllowed(
      `处于“${STAGE_LABELS[p.stage]}”的项目不能改为“${STAGE_LABELS[to]}”${p.stage === 'dropped' && to !== 'dropped' ? '（只有签约前终止的项目可以重新启动）' : ''}；可改为：${allowed.map((s) => STAGE_LABELS[s]).join('、') || '无'}`,
      allowed,
    );
  }

  /**
   * Validates the data the target takes and the date order (against the
   * 登记日期 and `previous`, the latest standing move after the registration); returns
   * the move's business date.
   */
  private async checkData(em: EntityManager, p: Project, dto: TransitionDto, previous: ProjectTransition | null): Promise<string> {
    const to = dto.to;
    const spec = stageDataFor(p, to);
    const problems: Problem[] = [];
    for (const f of TRANSITION_FIELDS) {
      const present = dto[f] !== undefined;
      if (present && !spec.required.includes(f) && !spec.optional.includes(f)) {
        const takes = [...spec.required, ...spec.optional].map((f) => fieldLabel(f)).join('、');
        problems.push({ field: f, code: 'not_applicable', message: `改为“${STAGE_LABELS[to]}”不填${fieldLabel(f)}${takes ? `（需填：${takes}）` : ''}` });
      }
      if (!present && spec.required.includes(f)) problems.push({ field: f, code: 'required', message: `改为“${STAGE_LABELS[to]}”须填写${fieldLabel(f)}` });
    }
    if (problems.length) throw badInput(problems);

    const today = this.clock.today();
    // Resuming keeps the stage's own date (the signing stays where it was); the move is dated by effectiveOn.
    const dateField = stageDateFieldFor(p, to);
    const stageDate = dateField ? (dto[dateField] as string) : undefined;
    if (stageDate && dto.effectiveOn && dto.effectiveOn !== stageDate) {
      problems.push({ field: 'effectiveOn', code: 'date_mismatch', message: `业务日期应与${fieldLabel(dateField!)}（${stageDate}）相同，或不填` });
    }
    const effectiveOn = stageDate ?? dto.effectiveOn ?? today;
    problems.push(...dateOrderProblems({
      today,
      registeredOn: p.createdOn,
      current: { signedOn: p.signedOn, constructionStartedOn: p.constructionStartedOn, productionStartedOn: p.productionStartedOn },
      move: { to, field: dateField ?? 'effectiveOn', on: effectiveOn, previous, expectedResumeOn: dto.expectedResumeOn },
    }));
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
    for (const f of TRANSITION_FIELDS) if (dto[f] !== undefined) data[f] = dto[f];
    if (typeof data.contractInvestment === 'number') data.contractInvestment = yuanToWan(wanToYuan(data.contractInvestment));
    return Object.keys(data).length ? data : null;
  }
}
