import type { EntityManager } from 'typeorm';
import type { AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../core/auth/auth-user';
import type { UnitOfWork } from '../../core/database/unit-of-work';
import type { DictionariesRepository, EntryLabel } from '../dictionaries.repository';
import { DictionariesService } from '../dictionaries.service';
import type { DictionaryEntry } from '../dictionary-entry.entity';
import { DictionaryLabels, LABELS_MISS_RETRY_MS, LABELS_TTL_MS } from '../dictionary-labels';

const ADMIN: AuthUser = { id: 1, email: 'admin@test.local', name: '系统管理员', role: 'admin', dataScope: 'all', teamId: null };

/** The dictionary table in memory, counting the reads DictionaryLabels makes. */
class FakeEntries {
  reads = 0;
  /** When set, a read waits for it (to interleave a read and a write). */
  gate: Promise<void> | null = null;

  constructor(readonly rows: DictionaryEntry[]) {}

  async allLabels(): Promise<EntryLabel[]> {
    this.reads++;
    const snapshot = this.rows.map((r) => ({ kind: r.kind, code: r.code, label: r.label }));
    if (this.gate) await this.gate;
    return snapshot;
  }

  async findOne(kind: string, code: string): Promise<DictionaryEntry | null> {
    const row = this.rows.find((r) => r.kind === kind && r.code === code);
    return row ? { ...row } : null;
  }

  async save(_em: EntityManager, e: DictionaryEntry): Promise<DictionaryEntry> {
    const i = this.rows.findIndex((r) => r.kind === e.kind && r.code === e.code);
    this.rows[i] = { ...e };
    return e;
  }
}

const entry = (over: Partial<DictionaryEntry>): DictionaryEntry => ({
  id: 1, kind: 'industry-chains', code: 'new_materials', label: '新材料', category: null, sortOrder: 10, active: true,
  createdAt: new Date(), updatedAt: new Date(), ...over,
});

/** DictionaryLabels on a clock the test moves. */
class LabelsAt extends DictionaryLabels {
  at = 0;
  protected override now(): number {
    return this.at;
  }
}

function setup() {
  const entries = new FakeEntries([
    entry({ id: 1 }),
    entry({ id: 2, kind: 'parks', code: 'pingshan', label: '平山组团' }),
    entry({ id: 3, kind: 'drop-reasons', code: 'funding', label: '资金不到位', active: false }),
  ]);
  const labels = new LabelsAt(entries as unknown as DictionariesRepository);
  return { entries, labels };
}

describe(DictionaryLabels.name, () => {
  it('reads the table once when cold and answers from memory while warm', async () => {
    const { entries, labels } = setup();
    const first = await labels.lookup();
    expect(first.of('industry-chains', 'new_materials')).toBe('新材料');
    expect(await labels.labelOf('parks', 'pingshan')).toBe('平山组团');
    labels.at = LABELS_TTL_MS - 1;
    await labels.lookup();
    expect(entries.reads).toBe(1);
  });

  it('shares one read between callers that find it cold at the same time', async () => {
    const { entries, labels } = setup();
    const all = await Promise.all([labels.lookup(), labels.lookup(), labels.labelOf('parks', 'pingshan')]);
    expect(all[2]).toBe('平山组团');
    expect(entries.reads).toBe(1);
  });

  it('labels a null code null, keeps an inactive entry’s label, and reads an unknown code as itself', async () => {
    const { labels } = setup();
    const dict = await labels.lookup();
    expect(dict.of('parks', null)).toBeNull();
    expect(dict.of('drop-reasons', 'funding')).toBe('资金不到位');
    expect(dict.of('parks', 'nowhere')).toBe('nowhere');
    // The same code in another dictionary is another entry.
    expect(dict.of('parks', 'new_materials')).toBe('new_materials');
  });

  it('reads again once the snapshot is a minute old, so another process’s relabel shows', async () => {
    const { entries, labels } = setup();
    await labels.lookup();
    entries.rows[0].label = '新材料（改）';
    labels.at = LABELS_TTL_MS;
    expect(await labels.labelOf('industry-chains', 'new_materials')).toBe('新材料（改）');
    expect(entries.reads).toBe(2);
  });

  it('reads again soon after meeting a code it does not know (an entry another process added), not on every request', async () => {
    const { entries, labels } = setup();
    expect(await labels.labelOf('parks', 'jianshe')).toBe('jianshe');
    entries.rows.push(entry({ id: 4, kind: 'parks', code: 'jianshe', label: '建设组团' }));
    labels.at = LABELS_MISS_RETRY_MS - 1;
    expect(await labels.labelOf('parks', 'jianshe')).toBe('jianshe');
    expect(entries.reads).toBe(1);
    labels.at = LABELS_MISS_RETRY_MS;
    expect(await labels.labelOf('parks', 'jianshe')).toBe('建设组团');
    expect(entries.reads).toBe(2);
  });

  it('reads again after invalidate, and does not keep a read begun before it', async () => {
    const { entries, labels } = setup();
    let open!: () => void;
    entries.gate = new Promise((r) => (open = r));
    const before = labels.lookup();
    // A write commits and invalidates while the read is under way.
    entries.rows[0].label = '先进材料';
    labels.invalidate();
    open();
    expect((await before).of('industry-chains', 'new_materials')).toBe('新材料');
    entries.gate = null;
    expect(await labels.labelOf('industry-chains', 'new_materials')).toBe('先进材料');
    expect(entries.reads).toBe(2);
  });
});

describe(`${DictionariesService.name} and the labels`, () => {
  it('drops the snapshot when an entry is relabelled, so the next view shows the new label', async () => {
    const { entries, labels } = setup();
    const em = {} as EntityManager;
    const uow: Pick<UnitOfWork, 'run'> = { run: <T>(work: (em: EntityManager) => Promise<T>) => work(em) };
    const audit: Pick<AuditService, 'record'> = { record: async () => undefined };
    const service = new DictionariesService(entries as unknown as DictionariesRepository, uow as UnitOfWork, audit as AuditService, labels);
    expect(await labels.labelOf('industry-chains', 'new_materials')).toBe('新材料');
    await service.update(ADMIN, 'industry-chains', 'new_materials', { label: '先进材料' });
    expect(await labels.labelOf('industry-chains', 'new_materials')).toBe('先进材料');
    expect((await service.labels('industry-chains')).get('new_materials')).toBe('先进材料');
  });
});
