/**
 * DuplicatesRepository on a real, migrated database (SQLite file and
 * PostgreSQL): each check of 重复研判 is one statement with UNIONs, and must
 * find what the separate look-ups found: look-alikes by credit code, folded
 * name and contact phone within their limits, the company itself left out,
 * and the pursued projects of each.
 */
import type { EntityManager } from 'typeorm';
import { DuplicatesRepository } from '../../src/duplicates/duplicates.repository';
import { insertRow, useMediumDatabase } from '../helpers/medium';
import { describeEachDatabase } from '../helpers/test-app';

const LIMITS = { names: 2, phones: 3, chain: 1 };

describeEachDatabase('DuplicatesRepository', (kind) => {
  const db = useMediumDatabase(kind);
  let repo: DuplicatesRepository;
  const c: Record<string, number> = {};
  const p: Record<string, number> = {};

  beforeAll(async () => {
    repo = new DuplicatesRepository(db().ds);
    await db().uow.run(async (em: EntityManager) => {
      const team = await insertRow(em, 'teams', { name: '新能源专班' });
      const owner = await insertRow(em, 'users', { email: 'o@test.local', name: '张伟', passwordHash: 'x', role: 'officer', dataScope: 'team', teamId: team, active: true });
      const company = async (key: string, normalizedName: string, creditCode: string | null = null) =>
        (c[key] = await insertRow(em, 'companies', { name: `${normalizedName}有限公司`, normalizedName, creditCode }));
      await company('me', '宁德新能源', '91500110MA5U7ABC10');
      await company('otherCode', '别名公司', '91500110MA5U7ABC11'); // not the same code
      await company('name1', '宁德新能源');
      await company('name2', '宁德新能源');
      await company('name3', '宁德新能源'); // past the name limit
      await company('phone', '华东精密');
      await company('nothing', '无关企业', '');
      const contact = (companyId: number, phone: string) => insertRow(em, 'contacts', { companyId, name: '联系人', phone, normalizedPhone: phone });
      await contact(c.me, '13800000001');
      await contact(c.phone, '13800000001');
      await contact(c.name3, '13800000001'); // a phone match beyond the names' limit
      await contact(c.nothing, '13900000000');
      const project = async (key: string, companyId: number, stage: string, industryChain = 'new_energy_storage') =>
        (p[key] = await insertRow(em, 'projects', {
          name: `项目${key}`, companyId, industryChain, stage, ownerId: owner, teamId: team, createdOn: '2026-01-05', version: 1, isKeyProject: false,
        }));
      await project('mine', c.me, 'negotiation');
      await project('sibling', c.me, 'signed');
      await project('sibling2', c.me, 'visit'); // past the chain limit
      await project('otherChain', c.me, 'visit', 'electronics');
      await project('dropped', c.me, 'dropped');
      await project('ofName1', c.name1, 'visit');
      await project('ofPhone', c.phone, 'construction');
      await project('ofPhoneDropped', c.phone, 'dropped');
    });
  });

  it('a project: its investor, other pursued projects in the chain within the limit, look-alikes by reason with their pursued projects', async () => {
    const found = await repo.forProject({ companyId: c.me, industryChain: 'new_energy_storage', exceptProjectId: p.mine }, LIMITS);
    expect(found.company).toEqual({ id: c.me, name: '宁德新能源有限公司', creditCode: '91500110MA5U7ABC10', normalizedName: '宁德新能源' });
    expect(found.sameChain).toEqual([{ id: p.sibling, name: '项目sibling', companyId: c.me, stage: 'signed', teamName: '新能源专班', ownerName: '张伟' }]);
    expect(found.candidates.map((x) => [x.reason, x.company.id])).toEqual([
      ['company_name', c.name1], ['company_name', c.name2], ['contact_phone', c.name3], ['contact_phone', c.phone],
    ]);
    expect(found.pursued.map((x) => x.id)).toEqual([p.ofName1, p.ofPhone]);
  });

  it('a project of an investor that is gone: nothing', async () => {
    expect(await repo.forProject({ companyId: 999_999, industryChain: 'x', exceptProjectId: null }, LIMITS)).toEqual({ company: null, sameChain: [], candidates: [], pursued: [] });
  });

  it('a company being entered: by credit code, name and phones as given, leaving itself out', async () => {
    const found = await repo.forFingerprint({ companyId: c.name1, creditCode: '91500110MA5U7ABC10', normalizedName: '宁德新能源', phones: ['13900000000'] }, LIMITS);
    expect(found.candidates.map((x) => [x.reason, x.company.id])).toEqual([
      ['credit_code', c.me], ['company_name', c.me], ['company_name', c.name2], ['contact_phone', c.nothing],
    ]);
    expect(found.pursued.map((x) => x.id)).toEqual([p.mine, p.sibling, p.sibling2, p.otherChain]);
  });

  it('a company with nothing to go by finds nothing, empty codes included', async () => {
    expect(await repo.forFingerprint({ companyId: null, creditCode: '', normalizedName: null, phones: [] }, LIMITS)).toEqual({ candidates: [], pursued: [] });
  });
});
