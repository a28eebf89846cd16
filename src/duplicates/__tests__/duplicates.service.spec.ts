import type { Viewer } from '../../core/auth/scope';
import type { CompanyIdentity, DuplicatesRepository, PursuedProject } from '../duplicates.repository';
import { DuplicatesService } from '../duplicates.service';

const TEAM_A = 1;
const TEAM_B = 2;
const investor: CompanyIdentity = { id: 5, name: '宁德星河新能源有限公司', creditCode: null, normalizedName: '宁德星河新能源' };
const theirs: PursuedProject = { id: 70, name: '星河储能电池项目', companyId: 5, stage: 'negotiation', ownerId: 30, teamId: TEAM_B, teamName: '电子信息小分队', ownerName: '李四' };

/** 重复研判 over a faked repository: one investor with one pursued project of team B in the chain. */
function service(): DuplicatesService {
  const repo = {
    company: async () => investor,
    pursuedInChain: async () => [theirs],
    contactPhones: async () => [],
    companiesByCreditCode: async () => [],
    companiesByNormalizedName: async () => [],
    companiesByContactPhones: async () => [],
    pursuedProjectsOf: async () => [],
  } as unknown as DuplicatesRepository;
  return new DuplicatesService(repo);
}

const viewer = (id: number, dataScope: Viewer['dataScope'], teamId: number | null): Viewer => ({ id, dataScope, teamId });
const mine = { id: 71, companyId: 5, industryChain: 'new_energy_storage' };

describe(DuplicatesService.name, () => {
  it('tells a person outside the scope who chases the investor (project, team, owner), not the id or stage', async () => {
    const [w] = await service().forProject(mine, viewer(10, 'team', TEAM_A));
    expect(w).toEqual({
      reason: 'same_investor_same_chain', message: '同一客商在同一产业链已有在谈项目：宁德星河新能源有限公司 项目「星河储能电池项目」（电子信息小分队，李四）',
      companyId: 5, companyName: '宁德星河新能源有限公司', projectId: null, projectName: '星河储能电池项目', stage: null, teamName: '电子信息小分队', ownerName: '李四',
    });
  });

  it('gives the id and stage to someone whose scope covers the project: its team, its owner, or the district', async () => {
    for (const v of [viewer(11, 'team', TEAM_B), viewer(30, 'own', TEAM_A), viewer(12, 'all', null)]) {
      const [w] = await service().forProject(mine, v);
      expect({ v, projectId: w.projectId, stage: w.stage, message: w.message }).toEqual({
        v, projectId: 70, stage: 'negotiation', message: '同一客商在同一产业链已有在谈项目：宁德星河新能源有限公司 项目「星河储能电池项目」（洽谈，电子信息小分队，李四）',
      });
    }
  });

  it('hides them from an own-scoped member of the same team', async () => {
    const [w] = await service().forProject(mine, viewer(31, 'own', TEAM_B));
    expect([w.projectId, w.stage, w.projectName]).toEqual([null, null, '星河储能电池项目']);
  });
});
