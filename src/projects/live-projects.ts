/**
 * A deleted project (DELETE /projects/:id, registered by mistake) is kept for
 * the audit and seen by nobody: not in a list, a detail, an export, a report,
 * a reminder, a duplicate warning or the pipeline ledger. TypeORM's finds
 * leave it out by themselves (Project.deletedAt is a delete-date column);
 * every hand-written read of projects says so with one of these, so that the
 * rule is written once. The audit trail alone still reads deleted projects.
 */

/** The condition "the project aliased `alias` is not deleted". */
export const liveProject = (alias: string): string => `${alias}."deletedAt" IS NULL`;

/**
 * The condition "the project `column` names is not deleted", for a read that
 * does not join projects (the district's funds and activity figures): the
 * deleted ids are few and indexed, so this stays a short list.
 */
export const onLiveProject = (column: string): string => `${column} NOT IN (SELECT dp.id FROM projects dp WHERE dp."deletedAt" IS NOT NULL)`;
