import { movesToAppend, type NormalisedProject, plannedHistory, staysOf } from '../commit-plan';

const row = (over: Partial<NormalisedProject> = {}): NormalisedProject => ({
  code: 'WS-1', name: '储能项目', company: { name: '宁德新能源科技有限公司', creditCode: null }, industryChain: 'new_energy_storage', park: null,
  sourceChannel: null, sourceRegion: null, stage: 'visit', ownerId: 1, teamId: null, leaderInCharge: null, isKeyProject: false, keyProjectLevel: null,
  plannedInvestment: null, contractInvestment: null, agreementType: null, createdOn: '2024-01-10', signedOn: null, constructionStartedOn: null,
  productionStartedOn: null, lastActivityOn: null, contractNo: null, expectedAnnualOutput: null, expectedAnnualTax: null, landArea: null, jobs: null, ...over,
});
const steps = (r: NormalisedProject) => plannedHistory(r, 'other').moves.map((m) => [m.fromStage, m.toStage, m.effectiveOn]);

describe('the history an import row becomes', () => {
  it('registers on 登记日期 and takes each stage on its date, the signing with its data', () => {
    const r = row({ stage: 'construction', negotiationOn: '2024-02-01', signedOn: '2024-03-05', contractInvestment: 50_000_000, agreementType: 'framework', constructionStartedOn: '2024-06-01' });
    expect(steps(r)).toEqual([[null, 'visit', '2024-01-10'], ['visit', 'negotiation', '2024-02-01'], ['negotiation', 'signed', '2024-03-05'], ['signed', 'construction', '2024-06-01']]);
    const plan = plannedHistory(r, 'other');
    expect(plan.moves[2].data).toEqual({ signedOn: '2024-03-05', contractInvestment: 5000, agreementType: 'framework' });
    expect(plan.moves[3].before).toMatchObject({ stage: 'signed', signedOn: '2024-03-05', constructionStartedOn: null });
    expect(plan.pipeline).toMatchObject({ stage: 'construction', stageEnteredOn: '2024-06-01', contractInvestment: 50_000_000 });
    expect(plan.problem).toBeNull();
  });

  it('puts a 洽谈 without a date on the registration day, and pauses or drops from where the line stopped', () => {
    expect(steps(row({ stage: 'negotiation' }))).toEqual([[null, 'visit', '2024-01-10'], ['visit', 'negotiation', '2024-01-10']]);
    const paused = plannedHistory(row({ stage: 'on_hold', signedOn: '2024-03-05', contractInvestment: 1, onHoldOn: '2024-05-01', onHoldReason: '资金未到位' }), 'other');
    expect(paused.pipeline).toMatchObject({ stage: 'on_hold', pausedFromStage: 'signed', onHoldReason: '资金未到位' });
    const dropped = plannedHistory(row({ stage: 'dropped', droppedOn: '2024-04-01', droppedReason: '转投他处' }), 'other');
    expect(dropped.pipeline).toMatchObject({ stage: 'dropped', droppedFromStage: 'visit', dropReasonCode: 'other', dropReasonText: '转投他处' });
  });

  it('refuses dates that run backwards, a stage without its date and a signing without an amount', () => {
    expect(plannedHistory(row({ stage: 'signed', signedOn: '2023-12-01', contractInvestment: 1 }), 'other').problem?.code).toBe('dates_out_of_order');
    expect(plannedHistory(row({ stage: 'construction', signedOn: '2024-03-05', contractInvestment: 1 }), 'other').problem?.code).toBe('stage_without_date');
    expect(plannedHistory(row({ stage: 'signed', signedOn: '2024-03-05' }), 'other').problem?.code).toBe('signed_without_amount');
  });
});

describe('a re-import against the stored history', () => {
  const planned = plannedHistory(row({ stage: 'construction', signedOn: '2024-03-05', contractInvestment: 1, constructionStartedOn: '2024-06-01' }), 'other').moves;

  it('appends only the moves the sheet adds', () => {
    const { append, problem } = movesToAppend([{ toStage: 'visit', effectiveOn: '2024-01-10' }, { toStage: 'signed', effectiveOn: '2024-03-05' }], planned);
    expect(problem).toBeNull();
    expect(append.map((m) => m.toStage)).toEqual(['construction']);
  });

  it('is a conflict when a date differs, a step differs or the stored history went further', () => {
    expect(movesToAppend([{ toStage: 'visit', effectiveOn: '2024-01-10' }, { toStage: 'signed', effectiveOn: '2024-03-06' }], planned).problem?.message)
      .toBe('与已有历史冲突：签约日期已记为 2024-03-06，表中为 2024-03-05');
    expect(movesToAppend([{ toStage: 'visit', effectiveOn: '2024-01-10' }, { toStage: 'on_hold', effectiveOn: '2024-02-01' }], planned).problem?.code).toBe('history_conflict');
    const further = [...planned.map((m) => ({ toStage: m.toStage, effectiveOn: m.effectiveOn })), { toStage: 'production' as const, effectiveOn: '2025-01-01' }];
    expect(movesToAppend(further, planned).problem?.message).toContain('2025-01-01 进入「投产」');
  });
});

describe('stays of new history rows', () => {
  it('ends each stay on the next move, the last one open, with the furthest stage reached', () => {
    expect(staysOf([{ toStage: 'visit', effectiveOn: '2024-01-10' }, { toStage: 'signed', effectiveOn: '2024-01-20' }, { toStage: 'on_hold', effectiveOn: '2024-02-01' }])).toEqual([
      { endedOn: '2024-01-20', stayDays: 10, reachedRank: 0 },
      { endedOn: '2024-02-01', stayDays: 12, reachedRank: 2 },
      { endedOn: '9999-12-31', stayDays: null, reachedRank: 2 },
    ]);
  });
});
