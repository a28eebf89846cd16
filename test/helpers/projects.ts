/**
 * Reading projects and moving them along the pipeline over HTTP, as the e2e
 * suites of projects, the pipeline, supervision and funds do it.
 */
import { type Account, bearer, makeProject } from './fixtures';
import type { TestApp } from './test-app';

/** A project as POST /projects or a move answered it (the fields the suites read). */
export type ProjectBody = { id: number; version: number; stage: string; [k: string]: unknown };

/** GET /projects/:id as `who`, which must answer 200: the project's detail, as parsed (the suites read any field of it). */
export async function getProject(t: TestApp, who: Account, id: number) {
  return (await t.http().get(`/api/v1/projects/${id}`).set(bearer(who)).expect(200)).body;
}

/** POST /projects/:id/activities as `who`: the answer as it is. */
export function logActivity(t: TestApp, who: Account, id: number, body: Record<string, unknown>) {
  return t.http().post(`/api/v1/projects/${id}/activities`).set(bearer(who)).send(body);
}

/** POST /projects/:id/milestones as `who`: the answer as it is. */
export function addMilestone(t: TestApp, who: Account, id: number, body: Record<string, unknown>) {
  return t.http().post(`/api/v1/projects/${id}/milestones`).set(bearer(who)).send(body);
}

/** POST /projects/:id/transitions as `who`: the answer as it is, for a test that expects a refusal. */
export function move(t: TestApp, who: Account, id: number, body: Record<string, unknown>) {
  return t.http().post(`/api/v1/projects/${id}/transitions`).set(bearer(who)).send(body);
}

/**
 * Moves a project and insists it worked (201); returns the project as
 * answered. Without `version` in the body, the current one is read first.
 */
export async function moveOk(t: TestApp, who: Account, id: number, body: Record<string, unknown>): Promise<ProjectBody> {
  const version = body.version ?? (await getProject(t, who, id)).version;
  const res = await move(t, who, id, { version, ...body });
  if (res.status !== 201) throw new Error(`move ${id} to ${String(body.to)} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.project as ProjectBody;
}

/** What a signing carries (DOMAIN.md): the defaults the suites use. */
export const SIGNING = { signedOn: '2026-06-01', contractInvestment: 8000, agreementType: 'investment' } as const;

/**
 * A 登记日期 before every move the suites date (they live in May and June
 * 2026, today being 2026-06-15): no move may be dated before a project's
 * registration.
 */
export const REGISTERED = { createdOn: '2026-05-01' } as const;

/**
 * A new project of `owner`, signed with SIGNING and `data` over it; returns the project as the signing answered.
 * Registered on REGISTERED, or on the signing day when `data` gives one.
 */
export async function sign(t: TestApp, owner: Account, data: Record<string, unknown> = {}, project: Record<string, unknown> = {}): Promise<ProjectBody> {
  const p = await makeProject(t, owner, { createdOn: data.signedOn ?? REGISTERED.createdOn, ...project });
  return moveOk(t, owner, p.id, { to: 'signed', version: p.version, ...SIGNING, ...data });
}

export interface FundsList {
  items: { month: string; amount: number; note: string | null }[];
  total: number;
}

/** GET /projects/:id/funds as `who`: the months reported. */
export async function funds(t: TestApp, who: Account, id: number): Promise<FundsList> {
  return (await t.http().get(`/api/v1/projects/${id}/funds`).set(bearer(who)).expect(200)).body as FundsList;
}
