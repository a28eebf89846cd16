import type { Email } from 'postal-mime';
import { addDays } from '../../src/core/dates';
import { type Account, bearer, makeProjectOn, seedWorld, type World } from './fixtures';
import { addMilestone, logActivity, moveOk } from './projects';
import { parseMail, type SmtpSink } from './smtp-sink';
import { at, type TestApp } from './test-app';

/** The digest suites' day: 2026-06-16, with the clock at 10:00 in Shanghai. */
export const DIGEST_TODAY = '2026-06-16';
export const DIGEST_NOW = at(DIGEST_TODAY);
export const DIGEST_APP_URL = 'https://zs.example.gov.cn/crm';
const LONG_AGO = '2024-01-02';
/** the date `n` days before DIGEST_TODAY (negative: after) */
export const ago = (n: number) => addDays(DIGEST_TODAY, -n);

export interface DigestFixture {
  w: World;
  /** an officer of team B whose address a test may make the SMTP server refuse */
  bounce: Account;
  /** officerA's: follow-up 50 days overdue and 65 days without activity (yellow for managerA) */
  battery: number;
  /** officerA's: signed 200 days ago, no construction */
  solar: number;
  /** officerB's: a milestone due in 3 days */
  park: number;
  /** bounce's: a follow-up due yesterday */
  bounceProject: number;
  /** officerA2's: nothing due */
  quiet: number;
}

/** The addresses that get a digest for DIGEST_TODAY (and the next few days) from this fixture. */
export const DIGEST_RECIPIENTS = ['officera@test.local', 'managera@test.local', 'officerb@test.local', 'bounce@test.local'];

/**
 * seedWorld plus a few projects: officerA, managerA (team light), officerB and
 * bounce have something due; officerA2, managerB and the rest have nothing.
 */
export async function buildDigestFixture(t: TestApp): Promise<DigestFixture> {
  const w = await seedWorld(t);
  const admin = bearer(w.admin);
  const res = await t.http().post('/api/v1/users').set(admin)
    .send({ email: 'bounce@test.local', name: '退信用户', password: 'password-123', role: 'officer', teamId: w.teamB }).expect(201);
  const bounce: Account = { id: res.body.id, email: 'bounce@test.local', token: await t.login('bounce@test.local', 'password-123') };

  const project = async (name: string, owner: Account) => (await makeProjectOn(t, LONG_AGO, owner, { name })).id;
  const log = (id: number, occurredOn: string, nextFollowUpOn?: string) =>
    logActivity(t, w.admin, id, { kind: 'negotiation', occurredOn, summary: '洽谈', ...(nextFollowUpOn && { nextFollowUpOn }) }).expect(201);

  const battery = await project('宁德储能电池项目', w.officerA);
  await log(battery, ago(65), ago(50));
  const solar = await project('光伏组件项目', w.officerA);
  await moveOk(t, w.admin, solar, { to: 'signed', signedOn: ago(200), contractInvestment: 30000, agreementType: 'investment' });
  await log(solar, ago(5));
  const park = await project('电子信息产业园项目', w.officerB);
  await log(park, ago(1));
  await addMilestone(t, w.admin, park, { name: '供地', plannedOn: ago(-3) }).expect(201);
  const bounceProject = await project('退信测试项目', bounce);
  await log(bounceProject, ago(2), ago(1));
  const quiet = await project('进展顺利项目', w.officerA2);
  await log(quiet, ago(1));
  return { w, bounce, battery, solar, park, bounceProject, quiet };
}

/** The digests for `date` that reached the SMTP server, parsed, by recipient. */
export async function arrivedDigests(sink: SmtpSink, date: string): Promise<Map<string, Email[]>> {
  const out = new Map<string, Email[]>();
  for (const m of sink.received) {
    const mail = await parseMail(m.raw);
    if (!mail.messageId?.startsWith(`<digest-${date}-`)) continue;
    for (const to of m.to) out.set(to, [...(out.get(to) ?? []), mail]);
  }
  return out;
}

/** How many digests for `date` each recipient received. */
export async function digestCounts(sink: SmtpSink, date: string): Promise<Record<string, number>> {
  return Object.fromEntries([...(await arrivedDigests(sink, date))].map(([to, list]) => [to, list.length]));
}

export interface JobRunView {
  jobId: string;
  attempt: number;
  status: string;
  trigger: string;
  runner: string;
  startedAt: string;
  finishedAt: string | null;
  result: Record<string, unknown> | null;
  figures: { label: string; value: string }[];
  error: string | null;
}

/** GET /jobs as admin: reminders.daily's last runs, newest first. */
export async function dailyRuns(t: TestApp, admin: Account): Promise<JobRunView[]> {
  const body = (await t.http().get('/api/v1/jobs').set(bearer(admin)).expect(200)).body;
  return body.items.find((i: { name: string }) => i.name === 'reminders.daily').lastRuns;
}
