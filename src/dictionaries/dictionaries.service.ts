import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_DICTIONARIES } from '../../seeds/dictionaries';
import { AuditService, diff } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { UnitOfWork } from '../core/database/unit-of-work';
import { badField, badInput, conflict, type Problem, notFound } from '../core/errors';
import type { CreateDictionaryEntryDto, UpdateDictionaryEntryDto } from './dictionaries.dto';
import { DictionariesRepository } from './dictionaries.repository';
import { DictionaryLabels } from './dictionary-labels';
import { DICTIONARY_KIND_LABELS, DICTIONARY_KINDS, type DictionaryEntry, type DictionaryKind } from './dictionary-entry.entity';

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
    private readonly entries: DictionariesRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly labelCache: DictionaryLabels,
  ) {}

  assertKind(kind: string): DictionaryKind {
    if (!(DICTIONARY_KINDS as readonly string[]).includes(kind)) {
      throw badField('kind', 'unknown_dictionary', `没有这个字典；可用：${DICTIONARY_KINDS.map((k) => `${k}（${DICTIONARY_KIND_LABELS[k]}）`).join('、')}`, kind);
    }
    return kind as DictionaryKind;
  }

  async list(kind: string, includeInactive = false) {
    const k = this.assertKind(kind);
    const rows = await this.entries.listKind(k, includeInactive);
    return { items: rows.map(view), total: rows.length, page: 1, pageSize: rows.length };
  }

  /** Labels of a kind by code, inactive entries too, for reports (from DictionaryLabels' snapshot). */
  async labels(kind: DictionaryKind): Promise<Map<string, string>> {
    return (await this.labelCache.lookup()).kind(kind);
  }

  /**
   * Every code must exist and be active (or be the value the record already
   * had). A 400 names every field that fails.
   */
  async assertCodes(em: EntityManager | null, checks: CodeCheck[]): Promise<void> {
    const wanted = checks.filter((c) => c.code !== undefined && c.code !== null && c.code !== c.previous);
    if (!wanted.length) return;
    const rows = await this.entries.findByKindsAndCodes([...new Set(wanted.map((c) => c.kind))], wanted.map((c) => c.code!), em ?? undefined);
    const problems: Problem[] = [];
    for (const c of wanted) {
      const row = rows.find((r) => r.kind === c.kind && r.code === c.code);
      if (!row) problems.push({ field: c.field, code: 'unknown_code', message: `“${c.code}”不是${DICTIONARY_KIND_LABELS[c.kind]}字典中的编码` });
      else if (!row.active) problems.push({ field: c.field, code: 'inactive_code', message: `${DICTIONARY_KIND_LABELS[c.kind]}“${row.label}”已停用` });
    }
    if (problems.length) throw badInput(problems);
  }

  async create(actor: AuthUser, kind: string, dto: CreateDictionaryEntryDto) {
    const k = this.assertKind(kind);
    const entry = await this.uow.run(async (em) => {
      const existing = await this.entries.findOne(k, dto.code, em);
      if (existing) throw conflict('code_taken', `${DICTIONARY_KIND_LABELS[k]}中已有编码“${dto.code}”（${existing.label}）`, {}, [{ field: 'code', code: 'code_taken', message: `编码“${dto.code}”已存在` }]);
      // A new entry goes last unless told otherwise.
      const sortOrder = dto.sortOrder ?? ((await this.entries.maxSortOrder(k, em)) ?? 0) + 10;
      const e = await this.entries.insert(em, { kind: k, code: dto.code, label: dto.label, category: dto.category ?? null, sortOrder, active: true });
      await this.audit.record(em, { entity: 'dictionary', entityId: `${k}/${e.code}`, action: 'create', actorId: actor.id, after: view(e) });
      return view(e);
    });
    this.labelCache.invalidate();
    return entry;
  }

  async update(actor: AuthUser, kind: string, code: string, dto: UpdateDictionaryEntryDto) {
    const k = this.assertKind(kind);
    const entry = await this.uow.run(async (em) => {
      const e = await this.entries.findOne(k, code, em);
      if (!e) throw notFound(`${DICTIONARY_KIND_LABELS[k]}字典项`, code);
      const before = view(e);
      Object.assign(e, dto);
      await this.entries.save(em, e);
      await this.audit.record(em, { entity: 'dictionary', entityId: `${k}/${code}`, action: 'update', actorId: actor.id, ...diff(before, view(e)) });
      return view(e);
    });
    // After the commit: a read between the write and here still saw the old label, one after sees the new.
    this.labelCache.invalidate();
    return entry;
  }

  /** Loads the defaults of every kind that has no entries yet. Idempotent. */
  async seedDefaults(): Promise<number> {
    const added = await this.uow.run(async (em) => {
      let count = 0;
      for (const kind of DICTIONARY_KINDS) {
        if (await this.entries.hasEntries(kind, em)) continue;
        const seeds = DEFAULT_DICTIONARIES[kind];
        await this.entries.insertMany(em, seeds.map((s, i) => ({
          kind, code: s.code, label: s.label, category: s.category ?? null, sortOrder: (i + 1) * 10, active: true,
        })));
        count += seeds.length;
      }
      return count;
    });
    if (added) this.labelCache.invalidate();
    return added;
  }
}
