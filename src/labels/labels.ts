/**
 * Collects the label tables that live beside their value lists, so that the
 * UI reads every label from the API and holds no copy. Each table is a
 * `Record<Code, string>`: a code without a label does not compile.
 */
import { ACTIVITY_KIND_LABELS, ACTIVITY_KINDS } from '../activities/activity.entity';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_ENTITIES, AUDIT_ENTITY_LABELS } from '../audit/audit-log.entity';
import { DUPLICATE_REASON_LABELS, DUPLICATE_REASONS } from '../companies/company-duplicates.port';
import { DATA_SCOPE_LABELS, DATA_SCOPES, ROLE_LABELS, ROLES } from '../core/auth/roles';
import { DICTIONARY_KIND_LABELS, DICTIONARY_KINDS } from '../dictionaries/dictionary-entry.entity';
import {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_STATUS_LABELS,
  NOTIFICATION_STATUSES,
  REMINDER_KIND_LABELS,
  REMINDER_KINDS,
} from '../notifications/notification.entity';
import { TRANSITION_KIND_LABELS, TRANSITION_KINDS } from '../projects/project-transition.entity';
import { AGREEMENT_TYPE_LABELS, AGREEMENT_TYPES, KEY_PROJECT_LEVEL_LABELS, KEY_PROJECT_LEVELS } from '../projects/project.entity';
import { LIGHT_LABELS, LIGHTS } from '../projects/supervision';
import { JOB_RUN_STATUS_LABELS, JOB_RUN_STATUSES, JOB_TRIGGER_LABELS, JOB_TRIGGERS } from '../queue/job-run.entity';
import { JOB_NAME_LABELS, JOB_NAMES } from '../queue/jobs';
import type { LabelEntry, LabelsResponse } from './labels.responses';

function entries<K extends string>(values: readonly K[], labels: Record<K, string>): LabelEntry[] {
  return values.map((code) => ({ code, label: labels[code] }));
}

/** Every group of GET /labels; typed by the response class, so a group cannot be left out of either. */
export function allLabels(): LabelsResponse {
  return {
    activityKinds: entries(ACTIVITY_KINDS, ACTIVITY_KIND_LABELS),
    agreementTypes: entries(AGREEMENT_TYPES, AGREEMENT_TYPE_LABELS),
    keyProjectLevels: entries(KEY_PROJECT_LEVELS, KEY_PROJECT_LEVEL_LABELS),
    roles: entries(ROLES, ROLE_LABELS),
    dataScopes: entries(DATA_SCOPES, DATA_SCOPE_LABELS),
    lights: entries(LIGHTS, LIGHT_LABELS),
    transitionKinds: entries(TRANSITION_KINDS, TRANSITION_KIND_LABELS),
    duplicateReasons: entries(DUPLICATE_REASONS, DUPLICATE_REASON_LABELS),
    reminderKinds: entries(REMINDER_KINDS, REMINDER_KIND_LABELS),
    notificationKinds: entries(NOTIFICATION_KINDS, NOTIFICATION_KIND_LABELS),
    notificationStatuses: entries(NOTIFICATION_STATUSES, NOTIFICATION_STATUS_LABELS),
    jobNames: entries(JOB_NAMES, JOB_NAME_LABELS),
    jobRunStatuses: entries(JOB_RUN_STATUSES, JOB_RUN_STATUS_LABELS),
    jobTriggers: entries(JOB_TRIGGERS, JOB_TRIGGER_LABELS),
    auditActions: entries(AUDIT_ACTIONS, AUDIT_ACTION_LABELS),
    auditEntities: entries(AUDIT_ENTITIES, AUDIT_ENTITY_LABELS),
    dictionaryKinds: entries(DICTIONARY_KINDS, DICTIONARY_KIND_LABELS),
  };
}
