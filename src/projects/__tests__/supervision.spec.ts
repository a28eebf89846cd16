import { addDays } from '../../core/dates';
import { lightCutoffs, supervisionLight, type SupervisionInput } from '../supervision';

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
});
