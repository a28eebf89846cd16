import { FixedClock } from '../../core/clock';
import type { AppConfig } from '../../core/config/app-config';
import type { ReportsService } from '../../reports/reports.service';
import type { SeriesService } from '../../reports/series.service';
import type { DisplayLink } from '../display-link.entity';
import { DisplayLinksService, hashDisplayKey } from '../display-links.service';
import type { DisplayLinksRepository } from '../display-links.repository';
import type { DisplayRepository, TeamLights } from '../display.repository';
import { DISPLAY_CACHE_MS, DisplayService } from '../display.service';
import { immediateUnitOfWork, recordingAudit, refusal } from '../../../test/helpers/unit';

const CONFIG = { supervision: { yellowDays: 30, redDays: 60, milestoneRedDays: 30 }, jobs: { appUrl: 'http://wall.local' } } as unknown as AppConfig;

function world(lights: TeamLights[] = []) {
  const clock = new FixedClock('2026-06-15T02:00:00Z');
  const asked: { overview: [number, number][]; series: number[]; lights: number } = { overview: [], series: [], lights: 0 };
  let fail = false;
  const reports = {
    overview: async (user: unknown, year: number, month: number) => {
      if (fail) throw new Error('database down');
      asked.overview.push([year, month]);
      return { year, month } as never;
    },
  } as unknown as ReportsService;
  const series = { year: async (_u: unknown, year: number) => (asked.series.push(year), { year } as never) } as unknown as SeriesService;
  const repo = { lightsByTeam: async () => (asked.lights++, lights.map((l) => ({ ...l }))) } as unknown as DisplayRepository;
  let now = 0;
  const service = new DisplayService(reports, series, repo, clock, CONFIG);
  jest.spyOn(performance, 'now').mockImplementation(() => now);
  return { service, clock, asked, advance: (ms: number) => (now += ms), failNext: (f: boolean) => (fail = f) };
}

describe(DisplayService.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads the current month once for every screen that asks within a minute, and again after', async () => {
    const w = world();
    const [a, b] = await Promise.all([w.service.summary(), w.service.summary()]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ year: 2026, month: 6 });
    w.advance(DISPLAY_CACHE_MS - 1);
    await w.service.summary();
    expect(w.asked.overview).toEqual([[2026, 6]]);
    w.advance(1);
    await w.service.summary();
    expect(w.asked.overview).toEqual([[2026, 6], [2026, 6]]);
  });

  it('a new month is read at once, not served from the old one', async () => {
    const w = world();
    await w.service.summary();
    w.clock.set('2026-06-30T16:30:00Z'); // 00:30 on 1 July in Shanghai
    expect(await w.service.summary()).toMatchObject({ year: 2026, month: 7 });
    expect(w.asked.overview).toEqual([[2026, 6], [2026, 7]]);
    expect(w.asked.series).toEqual([2026, 2026]);
  });

  it('a failed read is not kept: the next screen asks again', async () => {
    const w = world();
    w.failNext(true);
    await expect(w.service.summary()).rejects.toThrow('database down');
    w.failNext(false);
    expect(await w.service.summary()).toMatchObject({ month: 6 });
  });

  it('adds up the 督办 counts and puts the team with the most red first', async () => {
    const w = world([
      { teamId: 1, teamName: '甲队', red: 1, yellow: 5 },
      { teamId: null, teamName: null, red: 0, yellow: 2 },
      { teamId: 2, teamName: '乙队', red: 3, yellow: 0 },
    ]);
    const s = await w.service.summary();
    expect(s.supervision).toEqual({
      red: 4, yellow: 7,
      teams: [{ teamId: 2, teamName: '乙队', red: 3, yellow: 0 }, { teamId: 1, teamName: '甲队', red: 1, yellow: 5 }, { teamId: null, teamName: null, red: 0, yellow: 2 }],
    });
  });
});

describe(DisplayLinksService.name, () => {
  function links() {
    const clock = new FixedClock('2026-06-15T02:00:00Z');
    const rows: DisplayLink[] = [];
    const touched: number[] = [];
    const repo = {
      insert: async (_em: unknown, l: Pick<DisplayLink, 'name' | 'keyHash' | 'createdById'>) => {
        const row = { ...l, id: rows.length + 1, createdAt: clock.now(), revokedAt: null, lastUsedAt: null } as DisplayLink;
        rows.push(row);
        return row;
      },
      findByKeyHash: async (h: string) => rows.find((r) => r.keyHash === h) ?? null,
      touch: async (_em: unknown, id: number, at: Date) => {
        touched.push(id);
        rows.find((r) => r.id === id)!.lastUsedAt = at;
      },
    } as unknown as DisplayLinksRepository;
    const service = new DisplayLinksService(repo, immediateUnitOfWork(), recordingAudit(), clock, CONFIG);
    return { service, rows, touched, clock };
  }
  const admin = { id: 1, email: 'a@x', name: '管理员', role: 'admin' as const, dataScope: 'all' as const, teamId: null };

  it('keeps only the hash of the key it shows once, and the address names the key', async () => {
    const l = links();
    const made = await l.service.create(admin, '大厅大屏');
    expect(l.rows[0].keyHash).toBe(hashDisplayKey(made.key));
    expect(l.rows[0].keyHash).not.toContain(made.key);
    expect(made.url).toBe(`http://wall.local/#/display?key=${made.key}`);
  });

  it('records the last use at most once a minute', async () => {
    const l = links();
    const { key } = await l.service.create(admin, '大厅大屏');
    await l.service.authenticate(key);
    l.clock.set('2026-06-15T02:00:59Z');
    await l.service.authenticate(key);
    l.clock.set('2026-06-15T02:01:00Z');
    await l.service.authenticate(key);
    expect(l.touched).toEqual([1, 1]);
  });

  it('refuses a key that is missing, unknown or revoked', async () => {
    const l = links();
    const { key } = await l.service.create(admin, '大厅大屏');
    expect((await refusal(l.service.authenticate(undefined))).code).toBe('missing_display_key');
    expect((await refusal(l.service.authenticate(`${key}x`))).code).toBe('display_link_invalid');
    l.rows[0].revokedAt = l.clock.now();
    expect((await refusal(l.service.authenticate(key))).message).toBe('此大屏链接已失效，请联系管理员');
  });
});
