/**
 * The bounded fuzz suite (issue 9): malformed requests generated from the
 * committed openapi.json over every operation (test/helpers/fuzz-cases.ts),
 * with valid tokens of an admin and now and then an officer. Every answer
 * must be below 500; every 4xx in the error shape with a machine code and a
 * Chinese message; and a request that was refused must have written nothing
 * (a checksum of every table before and after it, read through the
 * DataSource). Deterministic: a seeded PRNG picks the requests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobQueue } from '../../src/queue/job-queue';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue';
import { type Account, seedWorld, type World } from '../helpers/fixtures';
import { type FuzzRequest, fuzzRequests } from '../helpers/fuzz-cases';
import { makeFuzzTargets } from '../helpers/fuzz-world';
import type { OpenApiDocument } from '../helpers/openapi';
import { changedTables, tableChecksums } from '../helpers/table-checksums';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

const DOC = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as OpenApiDocument;
const SEED = 20_261_127;
const PER_OPERATION = 70;
const CJK = /[\u3400-\u9fff]/;

interface Tally {
  requests: number;
  statuses: Map<number, number>;
}

/** What is wrong with a 4xx body, or null: `{ statusCode, error, code, message, details? }` with a machine code and a Chinese message. */
function errorShapeProblem(status: number, body: unknown): string | null {
  const b = body as { statusCode?: unknown; error?: unknown; code?: unknown; message?: unknown; details?: unknown };
  if (!b || typeof b !== 'object') return 'no JSON error body';
  if (b.statusCode !== status) return `statusCode ${String(b.statusCode)}`;
  if (typeof b.error !== 'string') return 'no error name';
  if (typeof b.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(b.code)) return `code ${JSON.stringify(b.code)}`;
  if (typeof b.message !== 'string' || !CJK.test(b.message)) return `message ${JSON.stringify(b.message)}`;
  if (b.details !== undefined) {
    if (!Array.isArray(b.details)) return 'details is not a list';
    for (const d of b.details as { field?: unknown; code?: unknown; message?: unknown }[]) {
      if (typeof d.field !== 'string' || typeof d.code !== 'string' || typeof d.message !== 'string' || !CJK.test(d.message)) return `detail ${JSON.stringify(d)}`;
    }
  }
  return null;
}

describeEachDatabase('fuzz: malformed requests generated from openapi.json', (db) => {
  let t: TestApp;
  let w: World;
  let requests: FuzzRequest[];

  beforeAll(async () => {
    t = await startTestApp(db, { env: { SMTP_URL: 'stream:' } });
    w = await seedWorld(t);
    const world = await makeFuzzTargets(t, w);
    requests = fuzzRequests(DOC, world, { seed: SEED, perOperation: PER_OPERATION, officerEvery: 8 });
  });
  afterAll(() => t?.close());

  it('answers every malformed request below 500, each refusal in the error shape, and a refusal writes nothing', async () => {
    const tokens: Record<FuzzRequest['as'], Account> = { admin: w.admin, officer: w.officerA };
    const queue = t.app.get(JobQueue) as InProcessJobQueue;
    const tally = new Map<string, Tally>();
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    const started = Date.now();

    const send = async (r: FuzzRequest) => {
      const http = t.http();
      let req = http[r.method as 'get'](r.url).set('Authorization', `Bearer ${tokens[r.as].token}`);
      if (r.body) {
        req = req.set('Content-Type', r.body.type);
        if (r.body.encoding) req = req.set('Content-Encoding', r.body.encoding);
        req = req.send(r.body.text);
      }
      const res = await req;
      const entry = tally.get(r.operation) ?? { requests: 0, statuses: new Map<number, number>() };
      entry.requests++;
      entry.statuses.set(res.status, (entry.statuses.get(res.status) ?? 0) + 1);
      tally.set(r.operation, entry);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const label = `${r.operation} as ${r.as}, ${r.what}`;
      if (res.status >= 500) problems.push(`${label}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      else if (res.status >= 400) {
        const shape = errorShapeProblem(res.status, res.body);
        if (shape) problems.push(`${label}: ${res.status} not in the error shape (${shape})`);
      }
      return res.status;
    };

    // Reads first: none of them may write anything, refused or not.
    const reads = requests.filter((r) => r.method === 'get');
    const writes = requests.filter((r) => r.method !== 'get');
    const beforeReads = await tableChecksums(t.ds);
    for (const r of reads) await send(r);
    const readWrote = changedTables(beforeReads, await tableChecksums(t.ds));
    if (readWrote.length) problems.push(`the GET requests wrote to ${readWrote.join(', ')}`);

    // Then every write, each between two checksums: a refusal must leave every table as it was.
    let before = await tableChecksums(t.ds);
    let accepted = 0;
    let acceptedAndWrote = 0;
    for (const r of writes) {
      const status = await send(r);
      if (status < 400) {
        accepted++;
        await queue.drain();
      }
      const after = await tableChecksums(t.ds);
      const wrote = changedTables(before, after);
      if (status >= 400 && wrote.length) problems.push(`${r.operation} as ${r.as}, ${r.what}: refused with ${status} but wrote to ${wrote.join(', ')}`);
      if (status < 400 && wrote.length) acceptedAndWrote++;
      before = after;
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const lines = [...tally.entries()].map(([op, e]) =>
      `  ${op.padEnd(58)} ${String(e.requests).padStart(3)}  ${[...e.statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    console.log([
      `fuzz [${db}]: ${requests.length} requests over ${tally.size} operations in ${seconds} s (seed ${SEED}); `
        + `${reads.length} reads, ${writes.length} writes of which ${accepted} accepted (${acceptedAndWrote} changed tables); statuses `
        + [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' '),
      ...lines,
    ].join('\n'));

    expect(tally.size).toBe(Object.values(DOC.paths).reduce((n, item) => n + Object.keys(item).length, 0));
    expect(requests.length).toBeGreaterThanOrEqual(1500);
    // The checksums see writes: the few requests that were accepted changed tables.
    expect(acceptedAndWrote).toBeGreaterThan(0);
    expect({ problems: problems.length, first: problems.slice(0, 30) }).toEqual({ problems: 0, first: [] });
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  }, 240_000);
});
