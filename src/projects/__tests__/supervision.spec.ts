import { addDays } from '../../core/dates';
import {
  briefReasonText, daysOverdue, judgeLight, type LightFacts, lightCutoffs, lightFacts, type LightReason, reasonText, supervisionLight, type SupervisionInput,
} from '../supervision';

const TODAY = '2026-06-15';
const cut = lightCutoffs(TODAY, { yellowDays: 60, redDays: 90, milestoneRedDays: 30 });
const project = (over: Partial<SupervisionInput> = {}): SupervisionInput => ({
  stage: 'negotiation',
  lastActivityOn: TODAY,
  createdOn: '2026-01-01',
  openMilestoneDates: [],
  ...over,
});
const ago = (n: number) => addDays(TODAY, -n);

describe('supervision light (督办灯)', () => {
  it.each([
    [0, 'green'],
    [59, 'green'],
    [60, 'yellow'],
    [89, 'yellow'],
    [90, 'red'],
    [400, 'red'],
  ])('%p days without activity → %s', (days, light) => {
    const s = supervisionLight(project({ lastActivityOn: ago(days) }), cut);
    expect(s.light).toBe(light);
    expect(s.daysSinceActivity).toBe(days);
  });

  it('a project with no activity counts from the day it was registered', () => {
    expect(supervisionLight(project({ lastActivityOn: null, createdOn: ago(61) }), cut).light).toBe('yellow');
    expect(supervisionLight(project({ lastActivityOn: null, createdOn: ago(10) }), cut).light).toBe('green');
  });

  it.each([
    [0, 'green'],
    [1, 'yellow'],
    [29, 'yellow'],
    [30, 'red'],
  ])('an open milestone %p days overdue → %s', (days, light) => {
    const s = supervisionLight(project({ openMilestoneDates: [ago(days)] }), cut);
    expect(s.light).toBe(light);
  });

  it('a milestone due in the future does not count', () => {
    expect(supervisionLight(project({ openMilestoneDates: [addDays(TODAY, 3)] }), cut).light).toBe('green');
  });

  it.each(['on_hold', 'dropped', 'production'] as const)('%s projects have no light', (stage) => {
    expect(supervisionLight(project({ stage, lastActivityOn: ago(300) }), cut).light).toBeNull();
  });

  it('says why', () => {
    const s = supervisionLight(project({ lastActivityOn: ago(70), openMilestoneDates: [ago(5), ago(12)] }), cut);
    expect(s.reasons).toEqual(['70 天无跟进', '2 个节点逾期（最长 12 天）']);
  });

  it('has no reasons when green', () => {
    expect(supervisionLight(project({ lastActivityOn: ago(59), openMilestoneDates: [TODAY, addDays(TODAY, 5)] }), cut).reasons).toEqual([]);
  });

  it('gives only the overdue milestones as the reason of a project followed up lately', () => {
    expect(supervisionLight(project({ lastActivityOn: ago(3), openMilestoneDates: [ago(31)] }), cut)).toEqual({
      light: 'red', daysSinceActivity: 3, overdueMilestones: 1, maxDaysOverdue: 31, reasons: ['1 个节点逾期（最长 31 天）'],
    });
  });

  it('names no activity as a reason from the yellow threshold on, and only then, whatever made the light red', () => {
    expect(supervisionLight(project({ lastActivityOn: ago(90) }), cut).reasons).toEqual(['90 天无跟进']);
    expect(supervisionLight(project({ lastActivityOn: ago(59), openMilestoneDates: [ago(40)] }), cut).reasons).toEqual(['1 个节点逾期（最长 40 天）']);
  });
});

describe('supervision light from facts read in bulk', () => {
  const facts = (over: Partial<LightFacts> = {}): LightFacts => ({ stage: 'signed', since: TODAY, overdueMilestones: 0, oldestOverdueOn: null, ...over });

  it('reads the facts of a project in hand: overdue means planned before today, the oldest one counts', () => {
    expect(lightFacts(project({ lastActivityOn: null, createdOn: ago(8), openMilestoneDates: [ago(2), TODAY, ago(9), addDays(TODAY, 1)] }), cut)).toEqual({
      stage: 'negotiation', since: ago(8), overdueMilestones: 2, oldestOverdueOn: ago(9),
    });
  });

  it('gives the reasons as codes with their figures, no activity first', () => {
    expect(judgeLight(facts({ since: ago(70), overdueMilestones: 2, oldestOverdueOn: ago(12) }), cut)).toEqual({
      light: 'yellow', daysSinceActivity: 70, overdueMilestones: 2, maxDaysOverdue: 12,
      reasons: [{ code: 'no_activity', days: 70 }, { code: 'milestones_overdue', count: 2, maxDaysOverdue: 12 }],
    });
  });

  it.each([
    [{ since: ago(60) }, 'yellow'],
    [{ since: ago(89) }, 'yellow'],
    [{ since: ago(90) }, 'red'],
    [{ overdueMilestones: 1, oldestOverdueOn: ago(29) }, 'yellow'],
    [{ overdueMilestones: 3, oldestOverdueOn: ago(30) }, 'red'],
    [{ since: ago(59) }, 'green'],
  ] as const)('judges %j as %s, as it judges a project in hand', (over, light) => {
    expect(judgeLight(facts(over), cut).light).toBe(light);
  });

  it.each(['on_hold', 'dropped', 'production'] as const)('gives %s projects no light and no reasons', (stage) => {
    expect(judgeLight(facts({ stage, since: ago(400), overdueMilestones: 1, oldestOverdueOn: ago(100) }), cut)).toEqual({
      light: null, daysSinceActivity: null, overdueMilestones: 0, maxDaysOverdue: 0, reasons: [],
    });
  });

  it('words each reason in full for the project page and briefly for a digest line', () => {
    const stale: LightReason = { code: 'no_activity', days: 65 };
    const late: LightReason = { code: 'milestones_overdue', count: 2, maxDaysOverdue: 12 };
    expect([reasonText(stale), reasonText(late)]).toEqual(['65 天无跟进', '2 个节点逾期（最长 12 天）']);
    expect([briefReasonText(stale), briefReasonText(late)]).toEqual(['65 天无跟进', '节点逾期']);
  });
});

describe('daysOverdue', () => {
  it('counts an open milestone overdue from the day after it was planned', () => {
    expect(daysOverdue('2026-06-15', null, '2026-06-15')).toBe(0);
    expect(daysOverdue('2026-06-14', null, '2026-06-15')).toBe(1);
    expect(daysOverdue('2026-05-16', null, '2026-06-15')).toBe(30);
    expect(daysOverdue('2026-07-01', null, '2026-06-15')).toBe(0);
  });

  it('never counts a completed milestone, however late', () => {
    expect(daysOverdue('2026-01-01', '2026-06-01', '2026-06-15')).toBe(0);
  });
});
