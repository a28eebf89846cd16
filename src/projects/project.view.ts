import { yuanToWan } from '../core/money';
import type { LabelSnapshot } from '../dictionaries/dictionary-labels';
import { STAGE_LABELS } from './pipeline';
import { AGREEMENT_TYPE_LABELS, KEY_PROJECT_LEVEL_LABELS, type Project } from './project.entity';
import type { Supervision } from './supervision';

const wan = (yuan: number | null) => (yuan === null ? null : yuanToWan(yuan));

export interface ProjectNames {
  companyName: string | null;
  ownerName: string | null;
  teamName: string | null;
}

/** A project's own fields as the API shows them: money in 万元, land in 亩, names beside ids (also the audit log's snapshot). */
export function projectFields(p: Project, names: ProjectNames) {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    companyId: p.companyId,
    companyName: names.companyName,
    stage: p.stage,
    stageLabel: STAGE_LABELS[p.stage],
    pausedFromStage: p.pausedFromStage,
    droppedFromStage: p.droppedFromStage,
    stageEnteredOn: p.stageEnteredOn,
    industryChain: p.industryChain,
    park: p.park,
    sourceChannel: p.sourceChannel,
    sourceRegion: p.sourceRegion,
    plannedInvestment: wan(p.plannedInvestment),
    expectedAnnualOutput: wan(p.expectedAnnualOutput),
    expectedAnnualTax: wan(p.expectedAnnualTax),
    landArea: p.landAreaCentimu === null ? null : p.landAreaCentimu / 100,
    jobs: p.jobs,
    ownerId: p.ownerId,
    ownerName: names.ownerName,
    teamId: p.teamId,
    teamName: names.teamName,
    leaderInCharge: p.leaderInCharge,
    isKeyProject: p.isKeyProject,
    keyProjectLevel: p.keyProjectLevel,
    description: p.description,
    signedOn: p.signedOn,
    contractInvestment: wan(p.contractInvestment),
    agreementType: p.agreementType,
    contractNo: p.contractNo,
    constructionStartedOn: p.constructionStartedOn,
    productionStartedOn: p.productionStartedOn,
    onHoldReason: p.onHoldReason,
    expectedResumeOn: p.expectedResumeOn,
    dropReasonCode: p.dropReasonCode,
    dropReasonText: p.dropReasonText,
    createdOn: p.createdOn,
    lastActivityOn: p.lastActivityOn,
    version: p.version,
    createdById: p.createdById,
  };
}

/** The label of a code from a fixed table; null for null, the code itself if the table lacks it (a column holds any text). */
export function fixedLabel(labels: Record<string, string>, code: string | null): string | null {
  return code === null ? null : (labels[code] ?? code);
}

/**
 * What a person reads beside the project's codes: dictionary labels as they
 * are now (a relabelled entry shows its new label, an inactive one keeps its
 * label), fixed labels from their tables. Read time only: the audit log keeps
 * the codes.
 */
export function projectLabels(p: Project, dict: LabelSnapshot) {
  return {
    pausedFromStageLabel: p.pausedFromStage === null ? null : STAGE_LABELS[p.pausedFromStage],
    droppedFromStageLabel: p.droppedFromStage === null ? null : STAGE_LABELS[p.droppedFromStage],
    industryChainLabel: dict.of('industry-chains', p.industryChain),
    parkLabel: dict.of('parks', p.park),
    sourceChannelLabel: dict.of('source-channels', p.sourceChannel),
    sourceRegionLabel: dict.of('source-regions', p.sourceRegion),
    keyProjectLevelLabel: fixedLabel(KEY_PROJECT_LEVEL_LABELS, p.keyProjectLevel),
    agreementTypeLabel: fixedLabel(AGREEMENT_TYPE_LABELS, p.agreementType),
    dropReasonLabel: dict.of('drop-reasons', p.dropReasonCode),
  };
}

/** A project as the API shows it: its fields, the labels of its codes, the 督办灯 derived at read time, and the row's timestamps. */
export function toProjectView(p: Project, names: ProjectNames, supervision: Supervision, dict: LabelSnapshot) {
  return { ...projectFields(p, names), ...projectLabels(p, dict), supervision, createdAt: p.createdAt, updatedAt: p.updatedAt };
}

export type ProjectView = ReturnType<typeof toProjectView>;
