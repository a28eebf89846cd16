import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * Issue 11, going live: the rows the demo data created are recorded in
 * `demo_records` (entity, id), so that an admin can remove exactly them in one
 * action and tell them from the bureau's own. An install that loaded the demo
 * data before this migration has its demo rows found by what the demo data
 * always wrote (seeds/demo.ts at the time: its accounts' e-mails, its teams',
 * companies' and projects' names), copied here so that this migration never
 * changes when the seed does.
 */
const DEMO_EMAILS = ['leader@demo.local', 'manager@demo.local', 'officer@demo.local', 'officer2@demo.local', 'viewer@demo.local'];
const DEMO_TEAMS = ['新能源招商专班', '电子信息招商小分队'];
const DEMO_COMPANIES = [
  '宁德某某新能源科技有限公司', '上海某某材料股份有限公司', '深圳某某电子有限公司', '北京某某医药集团有限公司',
  '成都某某食品有限公司', '苏州某某智能装备有限公司', '重庆某某循环科技有限公司', '杭州某某储能系统有限公司',
];
const DEMO_PROJECTS = [
  '年产20GWh储能电池项目', '高性能锂电隔膜项目', '智能终端模组生产基地', '原料药及制剂生产线',
  '火锅底料及预制菜加工项目', '工业机器人整机制造项目', '废旧电池回收利用项目', '储能变流器PCS生产项目',
];

export class DemoRecords1764298800000 implements MigrationInterface {
  name = 'DemoRecords1764298800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'demo_records',
      columns: [
        { name: 'entity', type: 'varchar', length: '20', isPrimary: true },
        { name: 'entityId', type: 'integer', isPrimary: true },
      ],
    }));
    const list = (values: string[]) => values.map((v) => `'${v}'`).join(', '); // constants above, no quotes inside
    const demoCompanies = `SELECT id FROM companies WHERE name IN (${list(DEMO_COMPANIES)})`;
    await q.query(`INSERT INTO demo_records (entity, "entityId") SELECT 'user', id FROM users WHERE email IN (${list(DEMO_EMAILS)})`);
    // a team of that name is the demo's only while the demo's accounts are there too
    if ((await q.query(`SELECT 1 FROM demo_records WHERE entity = 'user'`)).length) {
      await q.query(`INSERT INTO demo_records (entity, "entityId") SELECT 'team', id FROM teams WHERE name IN (${list(DEMO_TEAMS)})`);
      await q.query(`INSERT INTO demo_records (entity, "entityId") SELECT 'company', id FROM companies WHERE id IN (${demoCompanies})`);
      await q.query(`INSERT INTO demo_records (entity, "entityId")
        SELECT 'project', id FROM projects WHERE name IN (${list(DEMO_PROJECTS)}) AND "companyId" IN (${demoCompanies})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('demo_records');
  }
}
