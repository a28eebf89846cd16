import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { DEFAULT_DICTIONARIES } from '../../seeds/dictionaries';
import { AuditService, diff } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, badInput, conflict, type Problem, notFound } from '../core/errors';
import type { CreateDictionaryEntryDto, UpdateDictionaryEntryDto } from './dictionaries.dto';
import { DICTIONARY_KIND_LABELS, DICTIONARY_KINDS, DictionaryEntry, type DictionaryKind } from './dictionary-entry.entity';

const view = (e: DictionaryEntry) => ({
  kind: e.kind, code: e.code, label: e.label, category: e.category, sortOrder: e.sortOrder, active: e.active,
});

/** One value to check against a dictionary; `previous` is the record's current value, still valid if since deactivated. */
export interface CodeCheck {
  field: string;
  kind: DictionaryKind;
  code: string | null | undefined;
  previous?: string | null;
}

@Injectable()
export class DictionariesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  assertKind(kind: string): DictionaryKind {
    if (!(DICTIONARY_KINDS as readonly string[]).includes(kind)) {
      throw badField('kind', 'unknown_dictionary', `没有这个字典；可用：${DICTIONARY_KINDS.join('、')}`, kind);
    }
    return kind as DictionaryKind;
  }

  async list(kind: string, includeInactive = false) {
    const k = this.assertKind(kind);
    const rows = await this.ds.getRepository(DictionaryEntry).find({
      where: { kind: k, ...(includeInactive ? {} : { active: true }) },
      order: { sortOrder: 'ASC', id: 'ASC' },
    });
    return { items: rows.map(view), total: rows.length, page: 1, pageSize: rows.length };
  }

  /** Labels of a kind by code, for views and reports. */
  async labels(kind: DictionaryKind): Promise<Map<string, string>> {
    const rows = await this.ds.getRepository(DictionaryEntry).find({ where: { kind } });
    return new Map(rows.map((r) => [r.code, r.label]));
  }

  /**
   * Every code must exist and be active (or be the value the record already
   * had). A 400 names every field that fails.
   */
  async assertCodes(em: EntityManager | null, checks: CodeCheck[]): Promise<void> {
    const wanted = checks.filter((c) => c.code !== undefined && c.code !== null && c.code !== c.previous);
    if (!wanted.length) return;
    const repo = (em ?? this.ds.manager).getRepository(DictionaryEntry);
    const rows = await repo.find({ where: { kind: In([...new Set(wanted.map((c) => c.kind))]), code: In(wanted.map((c) => c.code!)) } });
    const problems: Problem[] = [];
    for (const c of wanted) {
      const row = rows.find((r) => r.kind === c.kind && r.code === c.code);
      if (!row) problems.push({ field: c.field, code: 'unknown_code', message: `“${c.code}”不是${DICTIONARY_KIND_LABELS[c.kind]}字典中的编码` });
      else if (!row.active) problems.push({ field: c.field, code: 'inactive_code', message: `${DICTIONARY_KIND_LABELS[c.kind]}“${row.label}”已停用` });
    }
    if (problems.length) throw badInput(problems);
  }

  create(actor: AuthUser, kind: string, dto: CreateDictionaryEntryDto) {
    const k = this.assertKind(kind);
    return this.uow.run(async (em) => {
      const existing = await em.findOne(DictionaryEntry, { where: { kind: k, code: dto.code } });
      if (existing) throw conflict('code_taken', `${DICTIONARY_KIND_LABELS[k]}中已有编码“${dto.code}”（${existing.label}）`, {}, [{ field: 'code', code: 'code_taken', message: `编码“${dto.code}”已存在` }]);
      const max = await em.getRepository(DictionaryEntry).createQueryBuilder('d').select('MAX(d."sortOrder")', 'm').where('d.kind = :k', { k }).getRawOne<{ m: number | null }>();
      const e = await em.save(em.create(DictionaryEntry, {
        kind: k, code: dto.code, label: dto.label, category: dto.category ?? null,
        sortOrder: dto.sortOrder ?? Number(max?.m ?? 0) + 10, active: true,
      }));
      await this.audit.record(em, { entity: 'dictionary', entityId: `${k}/${e.code}`, action: 'create', actorId: actor.id, after: view(e) });
      return view(e);
    });
  }

  update(actor: AuthUser, kind: string, code: string, dto: UpdateDictionaryEntryDto) {
    const k = this.assertKind(kind);
    return this.uow.run(async (em) => {
      const e = await em.findOne(DictionaryEntry, { where: { kind: k, code } });
      if (!e) throw notFound(`${DICTIONARY_KIND_LABELS[k]}字典项`, code);
      const before = view(e);
      Object.assign(e, dto);
      await em.save(e);
      await this.audit.record(em, { entity: 'dictionary', entityId: `${k}/${code}`, action: 'update', actorId: actor.id, ...diff(before, view(e)) });
      return view(e);
    });
  }

  /** Loads the defaults of every kind that has no entries yet. Idempotent. */
  async seedDefaults(): Promise<number> {
    return this.uow.run(async (em) => {
      let added = 0;
      for (const kind of DICTIONARY_KINDS) {
        if (await em.exists(DictionaryEntry, { where: { kind } })) continue;
        const seeds = DEFAULT_DICTIONARIES[kind];
        await em.insert(DictionaryEntry, seeds.map((s, i) => ({
          kind, code: s.code, label: s.label, category: s.category ?? null, sortOrder: (i + 1) * 10, active: true,
        })));
        added += seeds.length;
      }
      return added;
    });
  }
}
