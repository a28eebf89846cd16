import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../../audit/audit.service';
import type { AuthUser } from '../../core/auth/auth-user';
import { FixedClock } from '../../core/clock';
import type { Project } from '../../projects/project.entity';
import type { FundsReport } from '../funds-report.entity';
import type { FundsRepository } from '../funds.repository';
import { immediateUnitOfWork, projectAccess, recordingAudit, refusal } from '../../../test/helpers/unit';
import { FundsService } from '../funds.service';

const officer: AuthUser = { id: 5, email: 'officer@test.local', name: '刘专员', role: 'officer', dataScope: 'team', teamId: 7 };

/** The service over an in-memory funds table; "now" is 2026-06-15 in Shanghai. */
function setup(signedOn: string | null = '2026-03-20') {
  const em = {} as EntityManager;
  const rows: FundsReport[] = [];
  const audit: AuditEntry[] = [];
  const funds: Pick<FundsRepository, 'findMonth' | 'saveMonth' | 'listForProject'> = {
    findMonth: async (projectId, month) => rows.find((r) => r.projectId === projectId && r.month === month) ?? null,
    saveMonth: async (_em, existing, projectId, month, values) => {
      const row = existing ?? ({ id: rows.length + 1, projectId, month, createdAt: new Date(), updatedAt: new Date() } as FundsReport);
      Object.assign(row, values);
      if (!existing) rows.push(row);
      return row;
    },
    listForProject: async (projectId) => rows.filter((r) => r.projectId === projectId),
  };
  // Every project is the officer's own.
  const projects = projectAccess((id) => ({ id, name: '储能电池项目', ownerId: officer.id, teamId: 7, signedOn }) as Project);
  const service = new FundsService(funds as FundsRepository, projects, immediateUnitOfWork(em), recordingAudit(audit), new FixedClock('2026-06-15T02:00:00Z'));
  return { service, rows, audit };
}

describe(FundsService.name, () => {
  it('refuses a month that is not a real YYYY-MM month', async () => {
    const { service, rows } = setup();
    for (const month of ['2026-13', '2026-6', '202606', 'june']) {
      expect(await refusal(() => service.put(officer, 1, month, { amount: 100 }))).toMatchObject({ kind: 'bad_input', code: 'bad_month' });
    }
    expect(rows).toEqual([]);
  });

  it('refuses a month after the current one; the current month is fine', async () => {
    const { service, rows } = setup();
    expect(await refusal(() => service.put(officer, 1, '2026-07', { amount: 100 }))).toMatchObject({ kind: 'bad_input', code: 'in_future' });
    await service.put(officer, 1, '2026-06', { amount: 100 });
    expect(rows.map((r) => r.month)).toEqual(['2026-06']);
  });

  it('refuses any month before the project has signed', async () => {
    const { service, rows } = setup(null);
    expect(await refusal(() => service.put(officer, 1, '2026-05', { amount: 100 }))).toMatchObject({ kind: 'rule', code: 'not_signed' });
    expect(rows).toEqual([]);
  });

  it('refuses a month before the signing month; the signing month itself is fine', async () => {
    const { service, rows } = setup('2026-03-20');
    expect(await refusal(() => service.put(officer, 1, '2026-02', { amount: 100 }))).toMatchObject({ kind: 'bad_input', code: 'before_signing' });
    await service.put(officer, 1, '2026-03', { amount: 100 });
    expect(rows.map((r) => r.month)).toEqual(['2026-03']);
  });

  it('refuses a teammate who does not own the project (403), writing nothing', async () => {
    const { service, rows } = setup();
    const teammate: AuthUser = { ...officer, id: 6, name: '王专员' };
    expect(await refusal(() => service.put(teammate, 1, '2026-05', { amount: 100 }))).toMatchObject({ kind: 'forbidden', code: 'not_owner' });
    expect(rows).toEqual([]);
  });

  it('keeps one row per month: a second report replaces the amount, and the audit shows both', async () => {
    const { service, rows, audit } = setup();
    await service.put(officer, 1, '2026-04', { amount: 100 });
    const second = await service.put(officer, 1, '2026-04', { amount: 250.5, note: '更正' });
    expect(rows).toHaveLength(1);
    expect(rows[0].amount).toBe(2_505_000); // stored in 元
    expect(second).toMatchObject({ month: '2026-04', amount: 250.5, note: '更正' });
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [null, expect.objectContaining({ amount: 100 })],
      [expect.objectContaining({ amount: 100 }), expect.objectContaining({ amount: 250.5 })],
    ]);
  });
});
