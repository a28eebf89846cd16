import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { ProjectsService } from '../../src/projects/projects.service';
import { ExcelService } from '../../src/reports/excel.service';
import { bearer, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { describeEachDatabase, startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The 台账 is streamed a page of projects at a time (ExcelService.ledger): the
 * pages must add up to the same sheet in the same order, and a failure after
 * the file has begun must not leave the client with a short file that looks
 * complete. Pages of one project here, so that five projects are five pages
 * (by id: each after the last id seen; by another column: by the ids read first).
 */
describeEachDatabase('streamed 台账 export', (db) => {
  let t: TestApp;
  let w: World;
  let ids: (string | null)[];
  beforeAll(async () => {
    t = await startTestApp(db);
    w = await seedWorld(t);
    ids = [];
    // 项目编号 is the district's code (the export never writes the internal id): one per project, in creation order
    for (const planned of [300, 100, 500, 200, 400]) ids.push((await makeProject(t, w.officerA, { plannedInvestment: planned, code: `LS-${ids.length + 1}` })).code as string);
    const projects = t.app.get(ProjectsService);
    const listAll = projects.listAll.bind(projects);
    jest.spyOn(projects, 'listAll').mockImplementation((user, q) => listAll(user, q, 1));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  /** The download as the client saw it: status, body, and whether the connection broke off before the end. */
  const download = async (query = '') => {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise<{ status: number; body: Buffer; broken: boolean }>((resolve) => {
      const chunks: Buffer[] = [];
      const req = request({ host: '127.0.0.1', port, path: `/api/v1/reports/projects.xlsx${query}`, headers: bearer(w.admin) }, (res) => {
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), broken: false }));
        res.on('error', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), broken: true }));
      });
      req.on('error', () => resolve({ status: 0, body: Buffer.concat(chunks), broken: true }));
      req.end();
    });
  };

  const projectIds = async (body: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('项目台账')!;
    const out: unknown[] = [];
    // under the title and header rows; the 合计 row last, counting every page's rows
    for (let r = 3; r < ws.rowCount; r++) out.push(ws.getRow(r).getCell(1).value);
    expect(ws.getRow(ws.rowCount).getCell(2).value).toBe(`共 ${out.length} 个项目`);
    return { ids: out, autoFilter: ws.autoFilter };
  };

  it('adds page after page up to the whole sheet, in the order asked for', async () => {
    const byId = await download();
    expect(byId.status).toBe(200);
    expect(await projectIds(byId.body)).toEqual({ ids, autoFilter: 'A2:AH7' });
    expect((await projectIds((await download('?sort=id:desc')).body)).ids).toEqual([...ids].reverse());
    const byPlanned = await download('?sort=plannedInvestment:desc');
    expect((await projectIds(byPlanned.body)).ids).toEqual([ids[2], ids[4], ids[0], ids[3], ids[1]]);
  });

  it('cuts the connection when a page fails after the file has begun, and answers the next request as usual', async () => {
    const excel = t.app.get(ExcelService);
    const real = (excel as unknown as { ledgerRows: (v: unknown[]) => Promise<unknown[]> }).ledgerRows.bind(excel);
    let calls = 0;
    const spy = jest.spyOn(excel as unknown as { ledgerRows: (v: unknown[]) => Promise<unknown[]> }, 'ledgerRows').mockImplementation(async (views) => {
      // after two pages the zip has long been flowing to the client
      if (++calls === 3) throw new Error('the database went away');
      return real(views);
    });
    const res = await download();
    spy.mockRestore();
    // never a file that looks whole: the 200 and the first bytes had gone out, then the connection broke off
    expect(res).toMatchObject({ status: 200, broken: true });
    expect(res.body.length).toBeGreaterThan(0);
    expect(calls).toBe(3);
    expect((await download()).status).toBe(200);
  });
});
