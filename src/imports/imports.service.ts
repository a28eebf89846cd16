import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, conflict, forbidden, notFound, ruleViolation, staleVersion } from '../core/errors';
import { paging, type PageQuery } from '../core/http/list';
import { JobQueue } from '../queue/job-queue';
import { EMPTY_COUNTS, type Import, IMPORT_STATUS_LABELS, type ImportMappingEntry } from './import.entity';
import { checkMapping, importFilePath, locateHeader } from './mapping';
import type { ImportRow } from './import-row.entity';
import type { ImportRowsQuery, PutDecisionsDto, PutMappingDto } from './imports.dto';
import { ImportsRepository, type ImportWithCreator } from './imports.repository';
import { checkFilePath, PROJECT_FIELDS, WorkbookReadError } from './parse';

/** The fields the mapping UI offers. */
const FIELDS = PROJECT_FIELDS.map((s) => ({ field: s.field, label: s.label, required: !!s.required }));
const LABEL_OF = new Map(PROJECT_FIELDS.map((s) => [s.field, s.label]));

/**
 * The import's life as its owner drives it: upload (file checks, the header
 * found, the dry run queued), the mapping corrected, decisions, the commit
 * queued, and the pages that read it. The dry run itself is
 * ImportAnalysisService; the commit, ImportCommitService.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly repo: ImportsRepository,
    private readonly uow: UnitOfWork,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(user: AuthUser, file: { path: string; originalname: string; size: number } | undefined, mappingText: unknown) {
    if (!file) throw badField('file', 'required', '请选择要上传的 Excel 文件（.xlsx）');
    try {
      const teamId = this.targetTeam(user);
      const problem = await checkFilePath(file.path, this.config.imports.maxBytes);
      if (problem) throw badField('file', problem.code, problem.message);
      const mapping = mappingText === undefined || mappingText === '' ? null : this.parseMapping(mappingText);
      const header = await locateHeader(file.path).catch((err: unknown) => {
        throw err instanceof WorkbookReadError ? badField('file', err.code, err.message) : err;
      });
      if (!header) throw badField('file', 'no_header', '文件中没有可识别的表头：请使用导入模板，或确保表头行含「项目名称」「企业名称」「产业链」等列名');
      if (mapping) checkMapping(mapping, header.headers);
      const fileHash = await sha256(file.path);
      const created = await this.uow.run(async (em) => {
        const row = await this.repo.insert(em, {
          fileName: file.originalname.slice(0, 255) || 'import.xlsx', fileHash, fileSize: file.size, createdById: user.id, teamId,
          mapping: mapping?.map((m) => ({ ...m, header: header.headers[m.column] ?? '' })) ?? null,
        });
        await this.audit.record(em, { entity: 'import', entityId: row.id, action: 'create', actorId: user.id, after: { fileName: row.fileName, fileHash, fileSize: file.size, teamId } });
        return row;
      });
      const target = importFilePath(this.config, created.id);
      await mkdir(this.config.imports.dir, { recursive: true });
      await rename(file.path, target);
      await this.start(created.id, 'imports.analyse');
      return this.get(user, created.id);
    } finally {
      await rm(file.path, { force: true });
    }
  }

  async list(user: AuthUser, q: PageQuery) {
    const { page, pageSize, skip } = paging(q);
    const { items, total } = await this.repo.page(user.role === 'admin' ? null : user.id, skip, pageSize);
    return {
      items: items.map(({ import: i, createdByName }) => ({
        id: i.id, status: i.status, statusLabel: IMPORT_STATUS_LABELS[i.status], fileName: i.fileName, createdBy: { id: i.createdById, name: createdByName },
        createdAt: i.createdAt, counts: i.counts ?? { ...EMPTY_COUNTS }, committedAt: i.committedAt,
      })),
      total, page, pageSize, maxUploadBytes: this.config.imports.maxBytes,
    };
  }

  async get(user: AuthUser, id: number) {
    return view(await this.visible(user, id));
  }

  async remap(user: AuthUser, id: number, dto: PutMappingDto) {
    const { import: imp } = await this.visible(user, id);
    if (imp.status !== 'ready' && imp.status !== 'failed') throw this.busy(imp);
    if (imp.version !== dto.version) throw staleVersion('导入', dto.version, imp.version);
    const headers = new Map((imp.mapping ?? []).map((m) => [m.column, m.header]));
    if (!headers.size) throw ruleViolation('no_header', '该文件没有可识别的表头，无法调整列对应，请重新上传');
    const mapping = dto.mapping.map((m) => ({ column: m.column, field: m.field }));
    checkMapping(mapping, [...headers.keys()].reduce<string[]>((a, c) => ((a[c] = headers.get(c) ?? ''), a), []));
    const stored: ImportMappingEntry[] = [...headers.entries()].map(([column, header]) => ({ column, header, field: mapping.find((m) => m.column === column)?.field ?? null }));
    await this.uow.run(async (em) => {
      const ok = await this.repo.setIfVersion(em, id, dto.version, { status: 'analysing', mapping: stored, counts: { ...EMPTY_COUNTS }, progress: { phase: 'analysing', done: 0, total: 0, rowsPerSecond: 0 }, error: null });
      if (!ok) throw staleVersion('导入', dto.version, null);
      await this.repo.clearRows(em, id);
    });
    await this.start(id, 'imports.analyse');
    return this.get(user, id);
  }

  async rows(user: AuthUser, id: number, q: ImportRowsQuery) {
    await this.visible(user, id);
    const { page, pageSize, skip } = paging(q);
    const { items, total } = await this.repo.rows(id, q.sheet ?? 'projects', q.kind ?? 'all', skip, pageSize);
    return { items: items.map(rowView), total, page, pageSize };
  }

  async decide(user: AuthUser, id: number, dto: PutDecisionsDto) {
    const { import: imp } = await this.visible(user, id);
    if (imp.status !== 'ready') throw this.busy(imp);
    if (imp.version !== dto.version) throw staleVersion('导入', dto.version, imp.version);
    await this.uow.run(async (em) => {
      const rows = dto.rows ?? [];
      for (const sheet of ['projects', 'funds'] as const) {
        const mine = rows.filter((r) => (r.sheet ?? 'projects') === sheet);
        if (!mine.length) continue;
        const states = new Map((await this.repo.rowStates(id, sheet, mine.map((r) => r.rowNo), em)).map((s) => [s.rowNo, s]));
        for (const r of mine) {
          const s = states.get(r.rowNo);
          if (!s) throw badField('rows.rowNo', 'unknown_row', `第 ${r.rowNo} 行不在导入的数据中`, r.rowNo);
          if (s.proposed === 'error' && r.action !== 'skip') throw ruleViolation('row_has_errors', `第 ${r.rowNo} 行有错误，只能跳过；请改正文件后重新上传`);
          if (r.action === 'update' && s.matchProjectId === null) throw ruleViolation('nothing_to_update', `第 ${r.rowNo} 行没有对应的已有项目可更新，只能新建或跳过`);
          const sameCode = s.duplicates.find((d) => d.kind === 'file' && d.rule === 'code');
          if (r.action === 'create' && sameCode) throw ruleViolation('duplicate_code', `第 ${r.rowNo} 行与第 ${sameCode.rowNo} 行的项目编号相同，项目编号不能重复，只能跳过`);
        }
        for (const action of ['create', 'update', 'skip'] as const) {
          await this.repo.decide(em, id, sheet, action, mine.filter((r) => r.action === action).map((r) => r.rowNo));
        }
      }
      if (dto.acceptAll) await this.repo.acceptAll(em, id);
      const counts = await this.repo.counts(id, em);
      if (!(await this.repo.setIfVersion(em, id, dto.version, { counts: { ...imp.counts, ...counts } }))) throw staleVersion('导入', dto.version, null);
    });
    return this.get(user, id);
  }

  async commit(user: AuthUser, id: number, version: number) {
    const { import: imp } = await this.visible(user, id);
    if (imp.status !== 'ready') throw this.busy(imp);
    if (imp.version !== version) throw staleVersion('导入', version, imp.version);
    const undecided = await this.repo.undecided(id);
    if (undecided) throw conflict('undecided_duplicates', `还有 ${undecided} 行疑似重复尚未决定（新建 / 更新 / 跳过），请逐行决定后再提交`, { undecided });
    const total = (imp.counts?.toCreate ?? 0) + (imp.counts?.toUpdate ?? 0);
    await this.uow.run(async (em) => {
      if (!(await this.repo.setIfVersion(em, id, version, { status: 'committing', error: null, progress: { phase: 'committing', done: 0, total, rowsPerSecond: 0 } }))) {
        throw staleVersion('导入', version, null);
      }
      await this.audit.record(em, { entity: 'import', entityId: id, action: 'import.commit', actorId: user.id, after: { ...imp.counts } });
    });
    await this.start(id, 'imports.commit', 'ready');
    return this.get(user, id);
  }

  async results(user: AuthUser, id: number, q: PageQuery) {
    await this.visible(user, id);
    const { page, pageSize, skip } = paging(q);
    return { ...(await this.repo.results(id, skip, pageSize)), page, pageSize };
  }

  /** The import as its owner (or an admin) may read it; anyone else is told it does not exist. */
  async visible(user: AuthUser, id: number): Promise<ImportWithCreator> {
    const found = await this.repo.withCreator(id);
    if (!found || (user.role !== 'admin' && found.import.createdById !== user.id)) throw notFound('导入', id);
    return found;
  }

  /** An officer imports into his own team; admins and managers let each row name its team. */
  private targetTeam(user: AuthUser): number | null {
    if (user.role !== 'officer') return null;
    if (user.teamId === null) throw forbidden('no_team', '您尚未加入团队，无法导入项目；请联系管理员');
    return user.teamId;
  }

  /** Queues the job; when the queue is away the import goes back to where it was (or fails) and the 503 reaches the caller. */
  private async start(id: number, job: 'imports.analyse' | 'imports.commit', onFailure: 'failed' | 'ready' = 'failed'): Promise<void> {
    try {
      await this.queue.runNow(job, { importId: id });
    } catch (err) {
      await this.uow.run((em) => this.repo.set(em, id, { status: onFailure, error: '任务队列不可用，未能开始，请稍后重试' }, true));
      throw err;
    }
  }

  private busy(imp: Import) {
    return conflict('import_busy', `该导入当前状态为「${IMPORT_STATUS_LABELS[imp.status]}」，不能进行此操作`, { status: imp.status });
  }

  private parseMapping(text: unknown): { column: number; field: string | null }[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(text));
    } catch {
      throw badField('mapping', 'bad_mapping', '列对应应为 JSON 数组，如 [{"column":0,"field":"name"}]');
    }
    const ok = Array.isArray(parsed) && parsed.length <= 1000 && parsed.every((m) =>
      m && typeof m === 'object' && Number.isInteger((m as { column: unknown }).column) && (m as { column: number }).column >= 0 && (m as { column: number }).column <= 1000
      && ((m as { field: unknown }).field === null || typeof (m as { field: unknown }).field === 'string'));
    if (!ok) throw badField('mapping', 'bad_mapping', '列对应应为 JSON 数组，每项含 column（从 0 开始的列号）和 field（字段，或 null）');
    return (parsed as { column: number; field: string | null }[]).map((m) => ({ column: m.column, field: m.field }));
  }
}

function sha256(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path).on('data', (c) => hash.update(c)).on('error', fail).on('end', () => done(hash.digest('hex')));
  });
}

export function view({ import: i, createdByName }: ImportWithCreator) {
  return {
    id: i.id, status: i.status, statusLabel: IMPORT_STATUS_LABELS[i.status], fileName: i.fileName, createdBy: { id: i.createdById, name: createdByName },
    teamId: i.teamId, createdAt: i.createdAt, progress: i.progress,
    mapping: (i.mapping ?? []).map((m) => ({ column: m.column, header: m.header, field: m.field, fieldLabel: m.field ? (LABEL_OF.get(m.field) ?? null) : null })),
    fields: FIELDS, counts: i.counts ?? { ...EMPTY_COUNTS }, error: i.error, committedAt: i.committedAt, version: i.version,
  };
}

export function rowView(r: ImportRow) {
  const d = (r.data ?? {}) as { name?: string | null; code?: string | null; companyName?: string | null; company?: { name?: string } };
  return {
    sheet: r.sheet, rowNo: r.rowNo, name: d.name ?? null, companyName: d.company?.name ?? d.companyName ?? null, code: d.code ?? null,
    errors: r.errors ?? [], warnings: r.warnings ?? [], duplicates: r.duplicates ?? [], proposed: r.proposed, decision: r.decision, matchProjectId: r.matchProjectId,
  };
}
