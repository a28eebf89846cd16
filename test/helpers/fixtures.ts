import { ADMIN, at, type TestApp } from './test-app';

/** A valid 统一社会信用代码 built from 17 characters (computes the check digit). */
export function creditCode(body17: string): string {
  const C = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let s = 0;
  for (let i = 0; i < 17; i++) s += C.indexOf(body17[i]) * W[i];
  return body17 + C[(31 - (s % 31)) % 31];
}

export interface Account {
  id: number;
  token: string;
  email: string;
}

export interface World {
  teamA: number;
  teamB: number;
  admin: Account;
  leader: Account;
  viewer: Account;
  managerA: Account;
  officerA: Account;
  officerA2: Account;
  managerB: Account;
  officerB: Account;
}

/** The password of every account seedWorld creates. */
export const PASSWORD = 'password-123';

/** Two teams and one account per role (team A has two officers), all logged in. */
export async function seedWorld(t: TestApp): Promise<World> {
  const adminToken = await t.login(ADMIN.email, ADMIN.password);
  const auth = { Authorization: `Bearer ${adminToken}` };
  const team = async (name: string) => (await t.http().post('/api/v1/teams').set(auth).send({ name }).expect(201)).body.id as number;
  const teamA = await team('新能源专班');
  const teamB = await team('电子信息小分队');
  const me = (await t.http().get('/api/v1/auth/me').set(auth).expect(200)).body;
  const user = async (key: string, role: string, teamId: number | null): Promise<Account> => {
    const email = `${key}@test.local`;
    const res = await t.http().post('/api/v1/users').set(auth).send({ email, name: key, password: PASSWORD, role, teamId }).expect(201);
    return { id: res.body.id, email, token: await t.login(email, PASSWORD) };
  };
  return {
    teamA,
    teamB,
    admin: { id: me.id, email: ADMIN.email, token: adminToken },
    leader: await user('leader', 'leader', null),
    viewer: await user('viewer', 'viewer', null),
    managerA: await user('managerA', 'manager', teamA),
    officerA: await user('officerA', 'officer', teamA),
    officerA2: await user('officerA2', 'officer', teamA),
    managerB: await user('managerB', 'manager', teamB),
    officerB: await user('officerB', 'officer', teamB),
  };
}

export const bearer = (a: Account) => ({ Authorization: `Bearer ${a.token}` });

/** The fields a 400 (or 409) names in its details, each once, in order. */
export function fieldsOf(body: { details?: { field: string }[] }): string[] {
  return [...new Set((body.details ?? []).map((d) => d.field))];
}

/** How many items a list endpoint (`/api/v1/…`, with or without a query) holds in all for `who`. */
export async function totalOf(t: TestApp, who: Account, path: string): Promise<number> {
  const res = await t.http().get(`${path}${path.includes('?') ? '&' : '?'}pageSize=1`).set(bearer(who)).expect(200);
  return res.body.total as number;
}

let seq = 0;
/** Creates a company and a project owned by `owner`; returns the project as the API answered. */
export async function makeProject(t: TestApp, owner: Account, over: Record<string, unknown> = {}, companyOver: Record<string, unknown> = {}) {
  seq++;
  const company = await t.http().post('/api/v1/companies').set(bearer(owner))
    .send({ name: `测试企业${seq}号有限公司`, ...companyOver }).expect(201);
  const project = await t.http().post('/api/v1/projects').set(bearer(owner))
    .send({ name: `测试项目${seq}`, companyId: company.body.id, industryChain: 'new_energy_storage', plannedInvestment: 10000, ...over })
    .expect(201);
  return project.body as { id: number; version: number; companyId: number; [k: string]: unknown };
}

/**
 * makeProject with the clock at 10:00 (Shanghai) on `date`, so that the
 * project counts as registered that day; the clock is put back afterwards.
 */
export async function makeProjectOn(t: TestApp, date: string, owner: Account, over: Record<string, unknown> = {}) {
  const now = t.clock.now();
  t.clock.set(at(date));
  try {
    return await makeProject(t, owner, over);
  } finally {
    t.clock.set(now);
  }
}
