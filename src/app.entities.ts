import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { Activity } from './activities/activity.entity';
import { AuditLog } from './audit/audit-log.entity';
import { Company } from './companies/company.entity';
import { Contact } from './companies/contact.entity';
import { DisplayLink } from './display/display-link.entity';
import { DictionaryEntry } from './dictionaries/dictionary-entry.entity';
import { FundsReport } from './funds/funds-report.entity';
import { Import } from './imports/import.entity';
import { ImportRow } from './imports/import-row.entity';
import { Milestone } from './milestones/milestone.entity';
import { Notification } from './notifications/notification.entity';
import { Project } from './projects/project.entity';
import { PipelineLedgerEntry } from './projects/pipeline-ledger.entity';
import { ProjectTransition } from './projects/project-transition.entity';
import { JobRun } from './queue/job-run.entity';
import { MonthlyRollup } from './reports/monthly-rollup.entity';
import { MonthlyRollupBackfill } from './reports/monthly-rollup-backfill.entity';
import { AnnualTarget, TargetExclusion } from './targets/annual-target.entity';
import { Team } from './teams/team.entity';
import { User } from './users/user.entity';
import type { DatabaseConfig } from './core/config/app-config';
import { dataSourceOptions } from './core/database/data-source-options';

/** Every table of the app, listed at the top so that core/ never imports a domain module. */
export const ENTITIES = [
  Team, User, DictionaryEntry, Company, Contact, Project, ProjectTransition, Activity, Milestone, FundsReport, AuditLog,
  JobRun, Notification, AnnualTarget, TargetExclusion, MonthlyRollup, PipelineLedgerEntry,
  MonthlyRollupBackfill, DisplayLink, Import, ImportRow,
];

/** TypeORM options of the app: the entities and migrations on the configured driver. */
export function appDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  return dataSourceOptions(db, { entities: ENTITIES, migrations: MIGRATIONS });
}
