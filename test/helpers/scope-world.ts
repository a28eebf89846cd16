/**
 * The scope matrix's world (test/e2e/scope-matrix.spec.ts): one account for
 * each role × data scope across two teams, each owning a project that shows
 * everywhere a project can show — a signing (reports, the monthly Excel),
 * funds, an open milestone long overdue and an old last activity (a red
 * 督办灯, stale and follow-up reminders), an exclusion for every other one —
 * and a few projects that make the other paths speak: two dropped after
 * signing (签约后终止), a shared investor and look-alike investors across
 * teams (重复研判).
 */
import type { DataScope, Role } from '../../src/core/auth/roles';
import { type Account, bearer, makeProject } from './fixtures';
import { addMilestone, logActivity, moveOk } from './projects';
import { ADMIN, at, type TestApp } from './test-app';

export const MATRIX_ROLES: readonly Role[] = ['admin', 'leader', 'manager', 'officer', 'viewer'];
export const MATRIX_SCOPES: readonly DataScope[] = ['all', 'team', 'own'];

/**
 * Project ids start here, far from any other id, so that a project's id is
 * found in a response, a file or an e-mail by its digits alone.
 */
export const FIRST_PROJECT_ID = 480_000_001;

const PASSWORD = 'Matrix-scope-2026';
const REGISTERED = '2026-01-05';
export const SIGNED_ON = '2026-01-15';
const LAST_ACTIVITY = '2026-01-20';

export interface MatrixAccount extends Account {
  key: string;
  role: Role;
  dataScope: DataScope;
  teamId: number;
}

export interface MatrixProject {
  key: string;
  id: number;
  /** unique, and no name contains another */
  name: string;
  companyId: number;
  ownerId: number;
  teamId: number;
  excluded: boolean;
  dropped: boolean;
}

export interface ScopeWorld {
  admin: Account;
  teams: { A: number; B: number };
  accounts: MatrixAccount[];
  projects: MatrixProject[];
  companyIds: number[];
}

/** Which team each account is in: both teams have every kind of scope. */
const TEAM_OF: Record<string, 'A' | 'B'> = {
  'admin-all': 'A', 'admin-team': 'A', 'admin-own': 'B',
  'leader-all': 'B', 'leader-team': 'A', 'leader-own': 'B',
  'manager-all': 'A', 'manager-team': 'B', 'manager-own': 'A',
  'officer-all': 'B', 'officer-team': 'A', 'officer-own': 'B',
  'viewer-all': 'A', 'viewer-team': 'B', 'viewer-own': 'A',
};

/**
 * DOMAIN.md "Who sees what", written again here on purpose: the test's own
 * statement of the rule, so that a change to src/core/auth/scope.ts that
 * shows more (or less) than this is caught.
 */
export function sees(a: { id: number; dataScope: DataScope; teamId: number | null }, p: { ownerId: number; teamId: number | null }): boolean {
  if (a.dataScope === 'all') return true;
  if (p.ownerId === a.id) return true;
  return a.dataScope === 'team' && a.teamId !== null && a.teamId === p.teamId;
}

/** Makes the database hand out project ids from FIRST_PROJECT_ID (before any project exists). */
async function startProjectIds(t: TestApp): Promise<void> {
  if (t.ds.options.type === 'postgres') {
    await t.ds.query(`SELECT setval(pg_get_serial_sequence('projects', 'id'), ${FIRST_PROJECT_ID - 1})`);
  } else {
    await t.ds.query(`DELETE FROM sqlite_sequence WHERE name = 'projects'`);
    await t.ds.query(`INSERT INTO sqlite_sequence (name, seq) VALUES ('projects', ${FIRST_PROJECT_ID - 1})`);
  }
}

export async function buildScopeWorld(t: TestApp): Promise<ScopeWorld> {
  await startProjectIds(t);
  const admin: Account = { id: 0, email: ADMIN.email, token: await t.login(ADMIN.email, ADMIN.password) };
  const auth = bearer(admin);
  admin.id = (await t.http().get('/api/v1/auth/me').set(auth).expect(200)).body.id;
  const team = async (name: string) => (await t.http().post('/api/v1/teams').set(auth).send({ name }).expect(201)).body.id as number;
  const teams = { A: await team('矩阵甲队'), B: await team('矩阵乙队') };

  // Leaders and viewers cannot own projects: they are registered as officers, given a project, then made what they are.
  const accounts: MatrixAccount[] = [];
  for (const role of MATRIX_ROLES) {
    for (const dataScope of MATRIX_SCOPES) {
      const key = `${role}-${dataScope}`;
      const email = `${key}@matrix.local`;
      const teamId = teams[TEAM_OF[key]];
      const asRole = role === 'leader' || role === 'viewer' ? 'officer' : role;
      const res = await t.http().post('/api/v1/users').set(auth).send({ email, name: `账号${key}`, password: PASSWORD, role: asRole, dataScope, teamId }).expect(201);
      accounts.push({ key, role, dataScope, teamId, id: res.body.id, email, token: await t.login(email, PASSWORD) });
    }
  }
  const account = (key: string) => accounts.find((a) => a.key === key)!;

  const projects: MatrixProject[] = [];
  const companyIds: number[] = [];
  const register = async (key: string, owner: MatrixAccount, over: Record<string, unknown> = {}, company: Record<string, unknown> = {}) => {
    const name = `矩阵〔${key}〕项目`;
    const now = t.clock.now();
    t.clock.set(at(REGISTERED));
    const p = await makeProject(t, owner, { name, industryChain: 'new_energy_storage', ...over }, company).finally(() => t.clock.set(now));
    companyIds.push(p.companyId as number);
    const project: MatrixProject = { key, id: p.id, name, companyId: p.companyId, ownerId: owner.id, teamId: owner.teamId, excluded: false, dropped: false };
    projects.push(project);
    return project;
  };

  for (const a of accounts) {
    // look-alike investors across teams (重复研判 by name): officer-own's (B) and manager-own's (A)
    const company = a.key === 'officer-own' ? { name: '星河矩阵新能源有限公司' } : a.key === 'manager-own' ? { name: '星河矩阵新能源有限责任公司' } : {};
    // one investor, one chain, two teams (撞单): officer-team's (A) shares officer-all's (B) investor
    const shared = a.key === 'officer-team' ? { companyId: projects.find((p) => p.key === 'officer-all')!.companyId } : {};
    await register(a.key, a, shared, company);
  }

  for (const p of projects) {
    await moveOk(t, admin, p.id, { to: 'signed', signedOn: SIGNED_ON, contractInvestment: 1000 + projects.indexOf(p), agreementType: 'investment' });
    await logActivity(t, admin, p.id, { kind: 'negotiation', occurredOn: LAST_ACTIVITY, summary: `洽谈 ${p.name}`, nextFollowUpOn: '2026-02-01' }).expect(201);
    await addMilestone(t, admin, p.id, { name: `节点 ${p.name}`, plannedOn: '2026-03-01' }).expect(201);
    for (const month of ['2026-02', '2026-05']) {
      await t.http().put(`/api/v1/projects/${p.id}/funds/${month}`).set(auth).send({ amount: 100, note: `到位 ${p.name}` }).expect(200);
    }
  }

  // 签约后终止, one in each team
  for (const key of ['officer-team', 'officer-own']) {
    const p = await register(`${key}-dropped`, account(key));
    await moveOk(t, admin, p.id, { to: 'signed', signedOn: SIGNED_ON, contractInvestment: 500, agreementType: 'investment' });
    await moveOk(t, admin, p.id, { to: 'dropped', effectiveOn: '2026-04-01', reasonCode: 'funding', reason: `终止 ${p.name}` });
    p.dropped = true;
  }

  // 统计口径: every other project left out, the reason naming it
  projects.forEach((p, i) => (p.excluded = i % 2 === 0));
  await t.http().put('/api/v1/targets/2026').set(auth)
    .send({
      signedInvestment: 3_000_000, fundsInPlace: 1_000_000, signings: 40, constructionStarts: 20, productionStarts: 20,
      exclusions: projects.filter((p) => p.excluded).map((p) => ({ projectId: p.id, reason: `剔除 ${p.name}` })),
    })
    .expect(200);

  for (const a of accounts.filter((x) => x.role === 'leader' || x.role === 'viewer')) {
    await t.http().patch(`/api/v1/users/${a.id}`).set(auth).send({ role: a.role, dataScope: a.dataScope }).expect(200);
  }
  // fresh tokens, after every change to the accounts
  for (const a of accounts) a.token = await t.login(a.email, PASSWORD);
  return { admin, teams, accounts, projects, companyIds: [...new Set(companyIds)] };
}
