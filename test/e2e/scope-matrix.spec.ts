import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue';
import { JobQueue } from '../../src/queue/job-queue';
import { STAGES } from '../../src/projects/pipeline';
import { bearer } from '../helpers/fixtures';
import { type OpenApiDocument, operations } from '../helpers/openapi';
import { buildScopeWorld, FIRST_PROJECT_ID, type MatrixAccount, type MatrixProject, type ScopeWorld, sees } from '../helpers/scope-world';
import { parseMail, SmtpSink } from '../helpers/smtp-sink';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The scope matrix (issue 9): for each role × data scope, walk every GET
 * route of the OpenAPI document (ids substituted, list filters pointed at
 * every project), both Excel exports, the reminders, and every e-mail the
 * daily and monthly jobs send, and count leaks — a project's name or id
 * where the reader may not see that project (test/helpers/scope-world.ts
 * `sees`). 重复研判 may name a project outside the scope (its name, team and
 * owner: that is 撞单), never its id or stage.
 */
const DOC = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8')) as OpenApiDocument;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const YEAR = 2026;
const MONTHS = [5, 6];

/** GET /reports/drill: every kind of figure, each funnel stage, both parts of a rate. */
const DRILLS = [
  ...['signedInvestment', 'fundsInPlace', 'signings', 'constructionStarts', 'productionStarts'].flatMap((f) => [`figure=${f}`, `figure=${f}&span=month`, `figure=${f}&span=lastYearYtd`]),
  'figure=signedThenDropped',
  ...STAGES.map((stage) => `figure=funnel&stage=${stage}`),
  ...['fundsRate', 'constructionRate', 'productionRate'].flatMap((f) => [`figure=${f}&part=numerator`, `figure=${f}&part=denominator`]),
];

/** One request of the walk: the route it exercises, the URL, and the project ids the URL itself names (in its path: `opens`). */
interface Probe {
  route: string;
  url: string;
  names: number[];
  opens: number[];
}

/** A person the matrix reads for: an account, or the built-in admin (who sees everything). */
type Reader = Pick<MatrixAccount, 'key' | 'id' | 'dataScope'> & { teamId: number | null };

interface Leak {
  reader: string;
  where: string;
  what: string;
}

function binary(response: unknown, done: (err: Error | null, body: Buffer) => void) {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Every cell of every sheet, as text. */
async function workbookText(content: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ExcelJS.Buffer);
  const parts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => parts.push(cell.text))));
  return parts.join('\n');
}

/** The values a path parameter takes in the walk; a route with a parameter the matrix does not know fails the test. */
function pathValues(w: ScopeWorld, path: string, name: string): { value: string; project?: number }[] {
  if (name === 'id' && path.startsWith('/api/v1/projects/')) return w.projects.map((p) => ({ value: String(p.id), project: p.id }));
  if (name === 'id' && path.startsWith('/api/v1/companies/')) return w.companyIds.map((id) => ({ value: String(id) }));
  if (name === 'id' && path.startsWith('/api/v1/users/')) return [w.admin.id, ...w.accounts.map((a) => a.id)].map((id) => ({ value: String(id) }));
  // a backfill's progress names months and counts, no project (an unknown id answers 404 to each role)
  if (name === 'id' && path.startsWith('/api/v1/reports/monthly/backfills/')) return [{ value: '1' }];
  // an import is its importer's (others get 404; test/e2e/imports.spec.ts); the world has none, so each role's 404 is walked
  if (name === 'id' && path.startsWith('/api/v1/imports/')) return [{ value: '1' }];
  if (name === 'kind') return [{ value: 'industry-chains' }];
  if (name === 'year') return [{ value: String(YEAR) }];
  if (name === 'month') return [{ value: '5' }];
  throw new Error(`scope matrix: no values for {${name}} in ${path}; teach the matrix this route`);
}

/**
 * The requests of the walk: every GET operation with its path parameters
 * substituted; required query parameters filled; lists at their largest
 * page; and the project lists (and activities, the audit trail) filtered by
 * every project, owner, team, investor and name, out-of-scope ones included.
 */
function probes(w: ScopeWorld): Probe[] {
  const out: Probe[] = [];
  for (const { method, path, op } of operations(DOC)) {
    if (method !== 'get') continue;
    const params = (op as { parameters?: { name: string; in: string; required?: boolean }[] }).parameters ?? [];
    let urls: { url: string; names: number[] }[] = [{ url: path, names: [] }];
    for (const p of params.filter((x) => x.in === 'path')) {
      urls = urls.flatMap((u) => pathValues(w, path, p.name).map((v) => ({ url: u.url.replace(`{${p.name}}`, v.value), names: v.project ? [...u.names, v.project] : u.names })));
    }
    const query = params.filter((x) => x.in === 'query');
    const has = (name: string) => query.some((q) => q.name === name);
    const required = query.filter((q) => q.required).map((q) => q.name);
    const unknown = required.filter((n) => n !== 'year' && n !== 'month' && n !== 'figure');
    if (unknown.length) throw new Error(`scope matrix: no values for ?${unknown.join(', ')} of ${path}; teach the matrix this route`);
    let bases = required.includes('month') ? MONTHS.map((m) => [`year=${YEAR}`, `month=${m}`]) : [required.includes('year') ? [`year=${YEAR}`] : []];
    if (required.includes('figure')) bases = bases.flatMap((b) => DRILLS.map((d) => [...b, d]));
    const filters: { q: string; names: number[] }[] = [{ q: '', names: [] }];
    // the filters are walked on the lists of everything (a route under one project walks each project instead)
    const list = !params.some((x) => x.in === 'path');
    const xlsx = Object.keys(op.responses['200']?.content ?? {}).includes(XLSX);
    const projectList = list && has('stage') && !xlsx;
    if (list && has('projectId')) filters.push(...w.projects.map((p) => ({ q: `projectId=${p.id}`, names: [p.id] })));
    if (list && has('entity') && has('id')) filters.push(...w.projects.map((p) => ({ q: `entity=project&id=${p.id}`, names: [p.id] })));
    // the Excel ledger runs the list's query: its own scope, and a team filter, are enough to read it by
    if (list && has('stage') && xlsx && has('teamId')) filters.push(...Object.values(w.teams).map((id) => ({ q: `teamId=${id}`, names: [] })));
    if (projectList || (list && has('projectId'))) {
      if (has('teamId')) filters.push(...Object.values(w.teams).map((id) => ({ q: `teamId=${id}`, names: [] })));
      const owners = [...new Set(w.projects.map((p) => p.ownerId))];
      if (has('ownerId')) filters.push(...owners.map((id) => ({ q: `ownerId=${id}`, names: [] })));
      if (has('userId')) filters.push(...owners.map((id) => ({ q: `userId=${id}`, names: [] })));
    }
    if (projectList) {
      if (has('companyId')) filters.push(...w.companyIds.map((id) => ({ q: `companyId=${id}`, names: [] })));
      if (has('q')) filters.push(...w.projects.map((p) => ({ q: `q=${encodeURIComponent(p.name)}`, names: [] })));
    }
    for (const u of urls) {
      for (const base of bases) {
        for (const f of filters) {
          const q = [...base, ...(has('pageSize') ? ['pageSize=200'] : []), ...(f.q ? [f.q] : [])].join('&');
          out.push({ route: `GET ${path}`, url: q ? `${u.url}?${q}` : u.url, names: [...u.names, ...f.names], opens: u.names });
        }
      }
    }
  }
  return out;
}

const digits = (id: number) => new RegExp(`(?<![0-9])${id}(?![0-9])`);

/**
 * 重复研判 may name a project outside the scope — its name, team and owner —
 * but not its id or stage: checks each warning, then takes the allowed name
 * out of what is searched.
 */
function withoutDuplicateNames(body: unknown, hidden: MatrixProject[], leak: (what: string) => void): unknown {
  if (Array.isArray(body)) return body.map((x) => withoutDuplicateNames(x, hidden, leak));
  if (body === null || typeof body !== 'object') return body;
  const o = body as Record<string, unknown>;
  const other = 'reason' in o && 'projectName' in o && 'companyName' in o ? hidden.find((p) => p.name === o.projectName) : undefined;
  if (other) {
    if (o.projectId !== null) leak(`duplicate warning gives the id of ${other.key}`);
    if (o.stage !== null) leak(`duplicate warning gives the stage of ${other.key}`);
    const { projectName: _n, message, ...rest } = o;
    return { ...rest, message: String(message).replace(`「${other.name}」`, '「…」') };
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, withoutDuplicateNames(v, hidden, leak)]));
}

/** Names and ids of `hidden` projects found in `text` (ids the request named itself excepted). */
function scan(text: string, hidden: MatrixProject[], except: number[] = []): string[] {
  const found: string[] = [];
  for (const p of hidden) {
    if (text.includes(p.name)) found.push(`name of ${p.key}`);
    if (!except.includes(p.id) && digits(p.id).test(text)) found.push(`id of ${p.key} (${p.id})`);
  }
  return found;
}

describeEachDatabase('scope matrix', (db) => {
  let t: TestApp;
  let w: ScopeWorld;
  let sink: SmtpSink;

  const hiddenFrom = (r: Reader) => w.projects.filter((p) => !sees(r, p));
  const visibleTo = (r: Reader) => w.projects.filter((p) => sees(r, p));

  async function runJob(name: string, body: Record<string, unknown>): Promise<void> {
    await t.http().post(`/api/v1/jobs/${name}/run`).set(bearer(w.admin)).send(body).expect(202);
    const queue = t.app.get(JobQueue);
    if (!(queue instanceof InProcessJobQueue)) throw new Error(`expected the in-process driver, got ${queue.driver}`);
    await queue.drain();
  }

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp(db, { env: { SMTP_URL: sink.url, WORKER: 'true', JOB_RETRY_DELAY_MS: '50' } });
    w = await buildScopeWorld(t);
    await runJob('reminders.daily', {});
    await runJob('reports.monthly-rollup', { month: `${YEAR}-05` });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('has the world it needs: 15 accounts, each with a project in scope, and the 10 of scope team or own with some out of it', () => {
    expect(w.accounts).toHaveLength(15);
    for (const a of w.accounts) expect({ a: a.key, mine: w.projects.some((p) => p.ownerId === a.id) }).toEqual({ a: a.key, mine: true });
    expect(w.accounts.filter((a) => hiddenFrom(a).length > 0).map((a) => a.dataScope).sort()).toEqual([...Array(5).fill('own'), ...Array(5).fill('team')].sort());
    expect(w.projects.every((p) => p.id >= FIRST_PROJECT_ID)).toBe(true);
  });

  it('lists each account exactly the projects of its scope', async () => {
    for (const a of w.accounts) {
      const res = await t.http().get('/api/v1/projects?pageSize=200').set(bearer(a)).expect(200);
      const ids = (res.body.items as { id: number }[]).map((p) => p.id).sort();
      expect({ a: a.key, ids }).toEqual({ a: a.key, ids: visibleTo(a).map((p) => p.id).sort() });
    }
  });

  it("gives each manager his team's red projects as far as his scope covers them, and each reader the exclusions of his scope", async () => {
    for (const a of w.accounts) {
      const reminders = (await t.http().get('/api/v1/notifications/reminders').set(bearer(a)).expect(200)).body as { team: { projectId: number }[] };
      const expected = a.role === 'manager' ? w.projects.filter((p) => !p.dropped && p.teamId === a.teamId && sees(a, p)).map((p) => p.id).sort() : [];
      expect({ a: a.key, team: reminders.team.map((i) => i.projectId).sort() }).toEqual({ a: a.key, team: expected });

      const target = (await t.http().get(`/api/v1/targets/${YEAR}`).set(bearer(a)).expect(200)).body as { exclusions: { projectId: number }[] };
      const excluded = visibleTo(a).filter((p) => p.excluded).map((p) => p.id).sort();
      expect({ a: a.key, exclusions: target.exclusions.map((e) => e.projectId).sort() }).toEqual({ a: a.key, exclusions: excluded });
    }
  });

  it('walks every GET route for each role × scope and finds no project outside the scope: 0 leaks', async () => {
    const walk = probes(w);
    const routes = new Set(walk.map((p) => p.route));
    expect(routes.size).toBe(operations(DOC).filter((o) => o.method === 'get').length);
    const leaks: Leak[] = [];
    let requests = 0;
    let workbooks = 0;
    for (const a of w.accounts) {
      const hidden = hiddenFrom(a);
      for (const probe of walk) {
        const res: Response = await t.http().get(probe.url).set(bearer(a)).buffer(true).parse(binary);
        requests++;
        const leak = (what: string) => leaks.push({ reader: a.key, where: probe.url, what });
        // a project outside the scope is not found, whether it exists or not
        if (probe.opens.some((id) => hidden.some((p) => p.id === id)) && res.status !== 404) leak(`answered ${res.status}, not 404`);
        let text: string;
        if (String(res.headers['content-type']).startsWith(XLSX)) {
          workbooks++;
          text = await workbookText(res.body as Buffer);
        } else {
          const raw = (res.body as Buffer).toString('utf8');
          text = raw && String(res.headers['content-type']).includes('json') ? JSON.stringify(withoutDuplicateNames(JSON.parse(raw), hidden, leak)) : raw;
        }
        // a refusal may repeat the id it was asked about; nothing else
        for (const what of scan(text, hidden, res.status >= 400 ? probe.names : [])) leak(what);
      }
    }
    if (leaks.length) {
      const byKind = new Map<string, number>();
      for (const l of leaks) {
        const k = `${l.where.replace(/\?.*$/, '').replace(/\d{3,}/g, ':id')} — ${l.what.replace(/ of .*$/, '')}`;
        byKind.set(k, (byKind.get(k) ?? 0) + 1);
      }
      process.stdout.write(`[scope matrix ${db}] leaks by route:\n${[...byKind].map(([k, n]) => `  ${n} × ${k}`).join('\n')}\n`);
    }
    process.stdout.write(
      `[scope matrix ${db}] API: ${routes.size} GET routes, ${walk.length} requests per account × ${w.accounts.length} accounts = ` +
        `${requests} responses checked (${workbooks} Excel files read); leaks: ${leaks.length}\n`,
    );
    expect(leaks.slice(0, 20)).toEqual([]);
    expect(leaks).toHaveLength(0);
  }, 600_000);

  it('sends every e-mail with only what its recipient may see: the daily digests and the monthly report, 0 leaks', async () => {
    const readers = new Map<string, Reader>([[w.admin.email.toLowerCase(), { key: 'admin', id: w.admin.id, dataScope: 'all', teamId: null }]]);
    for (const a of w.accounts) readers.set(a.email.toLowerCase(), a);
    const leaks: Leak[] = [];
    const kinds: Record<string, string[]> = {};
    let attachments = 0;
    for (const m of sink.received) {
      const mail = await parseMail(m.raw);
      const kind = /^<(digest|monthly-report)-/.exec(mail.messageId ?? '')?.[1] ?? 'other';
      for (const to of m.to) {
        const reader = readers.get(to);
        if (!reader) throw new Error(`an e-mail to ${to}, who is not in the matrix`);
        (kinds[kind] ??= []).push(reader.key);
        const hidden = hiddenFrom(reader);
        const texts = [mail.subject ?? '', mail.text ?? '', mail.html ?? ''];
        for (const att of mail.attachments) {
          attachments++;
          const content = Buffer.from(att.content as ArrayBuffer);
          texts.push(att.mimeType === XLSX ? await workbookText(content) : content.toString('utf8'));
        }
        for (const what of scan(texts.join('\n'), hidden)) leaks.push({ reader: reader.key, where: `${kind} e-mail`, what });
      }
    }
    process.stdout.write(
      `[scope matrix ${db}] e-mails: ${sink.received.length} checked (${(kinds.digest ?? []).length} daily digests, ` +
        `${(kinds['monthly-report'] ?? []).length} monthly reports, ${attachments} attachments read); leaks: ${leaks.length}\n`,
    );
    expect(leaks).toEqual([]);
    // the district's report goes only to the leader who sees the district
    expect(kinds['monthly-report']).toEqual(['leader-all']);
    // every owner had something due, and every manager red projects in his scope
    const owners = w.accounts.map((a) => a.key).sort();
    expect([...new Set(kinds.digest)].sort()).toEqual(owners);
    expect(Object.keys(kinds).sort()).toEqual(['digest', 'monthly-report']);
  });
});
