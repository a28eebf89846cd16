import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource, type EntityManager, In } from 'typeorm';
import { DictionaryEntry, type DictionaryKind } from './dictionary-entry.entity';

export type NewDictionaryEntry = Pick<DictionaryEntry, 'kind' | 'code' | 'label' | 'category' | 'sortOrder' | 'active'>;

/** What DictionaryLabels keeps of an entry. */
export type EntryLabel = Pick<DictionaryEntry, 'kind' | 'code' | 'label'>;

/** The dictionary_entries table: every read and write of it. */
@Injectable()
export class DictionariesRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** A kind's entries in display order; inactive ones only when asked. */
  listKind(kind: DictionaryKind, includeInactive: boolean, em: EntityManager = this.ds.manager): Promise<DictionaryEntry[]> {
    return em.find(DictionaryEntry, { where: { kind, ...(includeInactive ? {} : { active: true }) }, order: { sortOrder: 'ASC', id: 'ASC' } });
  }

  /** The label of every entry of every kind, inactive ones too (they still label old records). */
  allLabels(em: EntityManager = this.ds.manager): Promise<EntryLabel[]> {
    return em.find(DictionaryEntry, { select: { kind: true, code: true, label: true } });
  }

  /** Every entry of the kinds with one of the codes (a superset of the pairs asked for: the caller matches pairs). */
  findByKindsAndCodes(kinds: DictionaryKind[], codes: string[], em: EntityManager = this.ds.manager): Promise<DictionaryEntry[]> {
    return em.find(DictionaryEntry, { where: { kind: In(kinds), code: In(codes) } });
  }

  findOne(kind: DictionaryKind, code: string, em: EntityManager = this.ds.manager): Promise<DictionaryEntry | null> {
    return em.findOne(DictionaryEntry, { where: { kind, code } });
  }

  /** The highest sort order of a kind (null when it has no entries). */
  async maxSortOrder(kind: DictionaryKind, em: EntityManager = this.ds.manager): Promise<number | null> {
    const row = await em
      .getRepository(DictionaryEntry)
      .createQueryBuilder('d')
      .select('MAX(d."sortOrder")', 'm')
      .where('d.kind = :k', { k: kind })
      .getRawOne<{ m: number | string | null }>();
    return row?.m === null || row?.m === undefined ? null : Number(row.m);
  }

  hasEntries(kind: DictionaryKind, em: EntityManager = this.ds.manager): Promise<boolean> {
    return em.exists(DictionaryEntry, { where: { kind } });
  }

  insert(em: EntityManager, e: NewDictionaryEntry): Promise<DictionaryEntry> {
    return em.save(em.create(DictionaryEntry, e));
  }

  async insertMany(em: EntityManager, entries: NewDictionaryEntry[]): Promise<void> {
    await em.insert(DictionaryEntry, entries);
  }

  /** Writes the changed fields of an entry read in the same unit. */
  save(em: EntityManager, e: DictionaryEntry): Promise<DictionaryEntry> {
    return em.save(e);
  }
}
