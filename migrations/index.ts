import { InitialSchema1763683200000 } from './1763683200000-initial-schema';
import { JobsAndNotifications1763769600000 } from './1763769600000-jobs-and-notifications';
import { TargetsAndRollups1763856000000 } from './1763856000000-targets-and-rollups';
import { PipelineStays1763942400000 } from './1763942400000-pipeline-stays';
import { UserTokenVersion1764100000000 } from './1764100000000-user-token-version';
import { ProjectDeletionCompanyMerge1764200000000 } from './1764200000000-project-deletion-company-merge';
import { RegistrationDates1764201600000 } from './1764201600000-registration-dates';
import { ActivityCorrections1764230400000 } from './1764230400000-activity-corrections';
import { MonthlyRollupBackfills1764288000000 } from './1764288000000-monthly-rollup-backfills';
import { DisplayLinks1764291600000 } from './1764291600000-display-links';
import { TeamTargetsAndTeamHistory1764295200000 } from './1764295200000-team-targets-and-team-history';
import { DemoRecords1764298800000 } from './1764298800000-demo-records';
import { Imports1764320000000 } from './1764320000000-imports';
import { ImportPublishStaging1764320100000 } from './1764320100000-import-publish-staging';
import { ImportPublishUpdates1764320200000 } from './1764320200000-import-publish-updates';

/** Every migration, in order. Imported explicitly so that bundling or ts-jest never misses one. */
export const MIGRATIONS = [
  InitialSchema1763683200000,
  JobsAndNotifications1763769600000,
  TargetsAndRollups1763856000000,
  PipelineStays1763942400000,
  UserTokenVersion1764100000000,
  ProjectDeletionCompanyMerge1764200000000,
  RegistrationDates1764201600000,
  ActivityCorrections1764230400000,
  MonthlyRollupBackfills1764288000000,
  DisplayLinks1764291600000,
  TeamTargetsAndTeamHistory1764295200000,
  DemoRecords1764298800000,
  Imports1764320000000,
  ImportPublishStaging1764320100000,
  ImportPublishUpdates1764320200000,
];
