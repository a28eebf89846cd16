import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DictionariesRepository, type EntryLabel } from './dictionaries.repository';
import type { DictionaryKind } from './dictionary-entry.entity';

/** How long a snapshot serves before it is read again, whatever happened elsewhere. */
export const LABELS_TTL_MS = 60_000;

/**
 * How soon a snapshot that met a code it does not know may be read again:
 * the entry was most likely added by another process since.
 */
export const LABELS_MISS_RETRY_MS = 5_000;

/** Every dictionary label at one moment: answers without a query. */
export class LabelSnapshot {
  private readonly byKind = new Map<DictionaryKind, Map<string, string>>();
  private missed = false;

  constructor(entries: readonly EntryLabel[]) {
    for (const e of entries) {
      let codes = this.byKind.get(e.kind);
      if (!codes) this.byKind.set(e.kind, (codes = new Map()));
      codes.set(e.code, e.label);
    }
  }

  /**
   * The label of a code; an inactive entry keeps its label. Null for a null
   * code; a code no entry has (entries are never deleted, so not expected)
   * reads as itself.
   */
  of(kind: DictionaryKind, code: string): string;
  of(kind: DictionaryKind, code: string | null): string | null;
  of(kind: DictionaryKind, code: string | null): string | null {
    if (code === null) return null;
    const label = this.byKind.get(kind)?.get(code);
    if (label !== undefined) return label;
    this.missed = true;
    return code;
  }

  /** A kind's labels by code (a copy: the caller may keep it). */
  kind(kind: DictionaryKind): Map<string, string> {
    return new Map(this.byKind.get(kind));
  }

  /** Whether some code was not found (the snapshot may be older than an entry another process added). */
  get hasMissed(): boolean {
    return this.missed;
  }
}

/**
 * The labels of every dictionary entry, held in memory, so that the views
 * put a label beside each code without a query per row: a request reads at
 * most one query (the whole table, a few hundred rows) when the snapshot is
 * cold, none when it is warm.
 *
 * The snapshot is dropped whenever DictionariesService writes (same process).
 * Another process — the worker, a second API instance — sees an admin's
 * change only when its own snapshot expires: after LABELS_TTL_MS, or
 * LABELS_MISS_RETRY_MS after a code it did not know (a new entry). A label
 * may therefore lag by up to a minute in another process; codes never do.
 */
@Injectable()
export class DictionaryLabels {
  private snapshot: { at: number; labels: LabelSnapshot } | null = null;
  private loading: Promise<LabelSnapshot> | null = null;
  /** Bumped by every write: a read begun before it must not store what it read. */
  private generation = 0;

  constructor(private readonly entries: DictionariesRepository) {}

  /** One code's label (see LabelSnapshot.of). */
  async labelOf(kind: DictionaryKind, code: string | null, em?: EntityManager): Promise<string | null> {
    return (await this.lookup(em)).of(kind, code);
  }

  /**
   * The snapshot to label a whole response with: take it once per request,
   * then call `of` per row. `em`: read through a unit of work's connection
   * when the snapshot must be loaded.
   */
  lookup(em?: EntityManager): Promise<LabelSnapshot> {
    const s = this.snapshot;
    if (s) {
      const age = this.now() - s.at;
      if (age < LABELS_TTL_MS && !(s.labels.hasMissed && age >= LABELS_MISS_RETRY_MS)) return Promise.resolve(s.labels);
    }
    return this.load(em);
  }

  /** Drops the snapshot: call after a committed write to the dictionaries. */
  invalidate(): void {
    this.generation++;
    this.snapshot = null;
    this.loading = null;
  }

  /** Monotonic milliseconds (a test may override it). */
  protected now(): number {
    return performance.now();
  }

  private load(em: EntityManager | undefined): Promise<LabelSnapshot> {
    // Callers without a transaction of their own share one read.
    if (this.loading && !em) return this.loading;
    const generation = this.generation;
    const startedAt = this.now();
    const read = this.entries.allLabels(em).then((rows) => {
      const labels = new LabelSnapshot(rows);
      if (generation === this.generation) this.snapshot = { at: startedAt, labels };
      return labels;
    });
    if (em) return read;
    const shared = read.finally(() => {
      if (this.loading === shared) this.loading = null;
    });
    this.loading = shared;
    return shared;
  }
}
