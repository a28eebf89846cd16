import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, re-imports at scale: the projects an import updates are staged
 * beside the ones it creates (`mode` 'update', with their id), so that the
 * write changes them all with one UPDATE … FROM instead of one statement per
 * row. `stageChanged`: 1 when the project's history gains moves (only then do
 * its stage columns change). The staging table is empty between commits.
 */
export class ImportPublishUpdates1764320200000 implements MigrationInterface {
  name = 'ImportPublishUpdates1764320200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_publish_projects ADD COLUMN mode varchar(10) NOT NULL DEFAULT 'create'`);
    await q.query(`ALTER TABLE import_publish_projects ADD COLUMN "stageChanged" integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_publish_projects DROP COLUMN "stageChanged"`);
    await q.query(`ALTER TABLE import_publish_projects DROP COLUMN mode`);
  }
}
