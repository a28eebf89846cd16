/**
 * Browser tests: the real app (createApp, as main.ts boots it) on a fresh SQLite file with the demo
 * data, serving the built web/dist on 127.0.0.1:<free port>, driven by Debian's Chromium through
 * playwright-core (never a downloaded browser). One Chromium per jest process: the first spec file
 * starts test/web/chromium-server.mjs detached, every file connects to it; it exits when jest does.
 * Each person is a fresh BrowserContext (their own sessionStorage, viewport, zh-CN, Asia/Shanghai).
 * A failed test saves a screenshot of every open page under var/test-screenshots/ and prints its path.
 *
 * Without /usr/bin/chromium the suites skip with a printed reason, or fail under REQUIRE_SERVICES=1 (CI).
 * Without web/dist they fail and say to run `npm run build:web` (npm test's pretest does).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../config/defaults';
import { createApp } from '../../src/app.bootstrap';
import { webDistDir } from '../../src/app.web';
import { loadConfig } from '../../src/core/config/app-config';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** STACK.md's flags for Debian's Chromium in a container. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const ROOT = resolve(__dirname, '../..');
export const SCREENSHOT_DIR = join(ROOT, 'var', 'test-screenshots');

/** The demo accounts (seeds/demo.ts) and the app's first admin. */
export const PEOPLE = {
  admin: { email: 'admin@zhaoshang.local', password: 'zhaoshang-admin', name: '系统管理员' },
  leader: { email: 'leader@demo.local', password: DEMO_PASSWORD, name: '王区长' },
  manager: { email: 'manager@demo.local', password: DEMO_PASSWORD, name: '陈队长' },
  officer: { email: 'officer@demo.local', password: DEMO_PASSWORD, name: '刘专员' },
  officer2: { email: 'officer2@demo.local', password: DEMO_PASSWORD, name: '赵专员' },
  viewer: { email: 'viewer@demo.local', password: DEMO_PASSWORD, name: '孙科员' },
} as const;
export type Who = keyof typeof PEOPLE;

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1440, height: 900 };

// ------------------------------------------------------------------ the app

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

export interface WebApp {
  app: INestApplication;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** a call to /api/v1<path> from Node (fetch), with the bearer token when given */
  api: <T = any>(method: string, path: string, token?: string | null, body?: unknown) => Promise<ApiAnswer<T>>;
  /** logs `who` in through the API and returns the access token */
  token: (who: Who) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * Boots the app on a new SQLite file with DEMO_DATA on and the real clock: the demo data is dated
 * relative to the app's today, and the browser's today must be the same day.
 */
export async function startWebApp(env: Record<string, string> = {}): Promise<WebApp> {
  if (!webDistDir()) {
    throw new Error('web/dist/index.html is missing: the browser tests run against the built UI. Run `npm run build:web` first (npm test does it in pretest).');
  }
  const file = join(tmpdir(), `zs_web_${Date.now()}_${randomBytes(4).toString('hex')}.sqlite`);
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'web-test-secret-'.padEnd(48, 'x'),
    ADMIN_EMAIL: PEOPLE.admin.email,
    ADMIN_PASSWORD: PEOPLE.admin.password,
    DEMO_DATA: 'true',
    LOG_LEVEL: 'silent',
    LOGIN_MAX_FAILURES: '10000',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '10000',
    WORKER: 'false',
    DATABASE_PATH: file,
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  const api = async <T = any>(method: string, path: string, token?: string | null, body?: unknown): Promise<ApiAnswer<T>> => {
    const res = await fetch(`${origin}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T };
  };
  return {
    app,
    origin,
    api,
    token: async (who) => {
      const res = await api<{ accessToken: string }>('POST', '/auth/login', null, { email: PEOPLE[who].email, password: PEOPLE[who].password });
      if (res.status !== 200) throw new Error(`login ${who} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken;
    },
    close: async () => {
      await app.close();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    },
  };
}

// ------------------------------------------------------------------ the browser

/** Why the browser suites cannot run here, or null. */
export function browserMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y chromium fonts-noto-cjk; .ci/run does it)`;
}

/** Connects to this jest process's shared Chromium, starting it on first use. */
export async function connectBrowser(): Promise<Browser> {
  const dir = join(ROOT, 'var', 'test-browser');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `chromium-${process.pid}.json`);
  if (existsSync(file)) {
    try {
      const { wsEndpoint } = JSON.parse(readFileSync(file, 'utf8')) as { wsEndpoint: string };
      return await chromium.connect(wsEndpoint, { timeout: 10_000 });
    } catch {
      rmSync(file, { force: true }); // a stale file from a crashed run: start a new one
    }
  }
  const log = openSync(join(dir, `chromium-${process.pid}.log`), 'a');
  const child = spawn(process.execPath, [join(ROOT, 'test/web/chromium-server.mjs'), file, String(process.pid), CHROMIUM, ...CHROMIUM_FLAGS], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  const until = Date.now() + 30_000;
  while (!existsSync(file)) {
    if (Date.now() > until || child.exitCode !== null) {
      throw new Error(`Chromium did not start (${CHROMIUM}); see ${join(dir, `chromium-${process.pid}.log`)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const { wsEndpoint } = JSON.parse(readFileSync(file, 'utf8')) as { wsEndpoint: string };
  return chromium.connect(wsEndpoint, { timeout: 10_000 });
}

// ------------------------------------------------------------------ people

export interface Person {
  who: Who;
  context: BrowserContext;
  page: Page;
  /** opens `#<hash>` (e.g. '/projects?q=储能') */
  open: (hash: string) => Promise<void>;
  /** fills the real login page (which must be showing) and presses 登录 */
  signIn: (password?: string) => Promise<void>;
  /** the hash part of the current URL, decoded, e.g. '#/projects?q=储能' */
  hash: () => string;
  /** waits until the decoded hash matches */
  waitHash: (re: RegExp) => Promise<void>;
}

export interface WebTest {
  web: WebApp;
  /** a fresh browser context for `who` (desktop unless a viewport is given), not signed in */
  person: (who: Who, viewport?: { width: number; height: number }) => Promise<Person>;
  /** a person signed in through the login page, landed on 工作台 */
  signedIn: (who: Who, viewport?: { width: number; height: number }) => Promise<Person>;
}

export interface WebSuite {
  /** the app of this describe block (after beforeAll) */
  web: () => WebApp;
  /** a browser test: fresh contexts per person, closed after; screenshots of every open page on failure */
  test: (name: string, fn: (t: WebTest) => Promise<void>, timeout?: number) => void;
}

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s#]+/g, '_').slice(0, 120);

/**
 * A describe block with its own app (fresh SQLite + demo data) and the shared Chromium. Skips with a
 * printed reason when Chromium is missing, or fails under REQUIRE_SERVICES=1.
 */
export function describeWeb(name: string, fn: (suite: WebSuite) => void, opts: { env?: Record<string, string> } = {}): void {
  const missing = browserMissing();
  if (missing) {
    if (process.env.REQUIRE_SERVICES === '1') {
      describe(name, () => it('has a browser to run in', () => {
        throw new Error(`REQUIRE_SERVICES=1 but ${missing}`);
      }));
    } else {
      console.log(`\n[browser] ${missing}: "${name}" is skipped (REQUIRE_SERVICES=1 makes this a failure)`);
      describe.skip(name, () => fn({ web: () => undefined as never, test: (n, f) => it(n, () => f(undefined as never)) }));
    }
    return;
  }
  describe(name, () => {
    let web: WebApp | undefined;
    let browser: Browser | undefined;
    beforeAll(async () => {
      [web, browser] = await Promise.all([startWebApp(opts.env), connectBrowser()]);
    }, 120_000);
    afterAll(async () => {
      await browser?.close(); // a connected browser: closes this connection, not the shared Chromium
      await web?.close();
    });

    const test = (title: string, body: (t: WebTest) => Promise<void>, timeout = 120_000) =>
      it(title, async () => {
        const people: Person[] = [];
        const pageErrors: string[] = [];
        const person = async (who: Who, viewport = DESKTOP): Promise<Person> => {
          const context = await browser!.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
          context.setDefaultTimeout(20_000); // a loaded 2-core CI machine: logins (bcrypt) and first loads can take seconds
          const page = await context.newPage();
          page.on('pageerror', (e) => pageErrors.push(`[${who}] ${e.message}`));
          const p: Person = {
            who,
            context,
            page,
            open: async (hash) => {
              await page.goto(`${web!.origin}/#${hash.startsWith('/') ? hash : `/${hash}`}`);
            },
            signIn: async (password = PEOPLE[who].password) => {
              await page.getByLabel('电子邮箱').fill(PEOPLE[who].email);
              await page.getByLabel('密码', { exact: true }).fill(password);
              await page.getByRole('button', { name: '登录' }).click();
            },
            hash: () => decodeURIComponent(new URL(page.url()).hash),
            waitHash: async (re) => {
              await page.waitForURL((u) => re.test(decodeURIComponent(u.hash)));
            },
          };
          people.push(p);
          return p;
        };
        const signedIn = async (who: Who, viewport = DESKTOP) => {
          const p = await person(who, viewport);
          await p.open('/');
          await p.signIn();
          await expectHeading(p.page, '工作台');
          return p;
        };
        try {
          await body({ web: web!, person, signedIn });
          if (pageErrors.length) throw new Error(`uncaught errors in the page:\n${pageErrors.join('\n')}`);
        } catch (err) {
          mkdirSync(SCREENSHOT_DIR, { recursive: true });
          const shots: string[] = [];
          for (const [i, p] of people.entries()) {
            const path = join(SCREENSHOT_DIR, `${safeName(`${name} ${title}`)}${people.length > 1 ? `-${i + 1}-${p.who}` : ''}.png`);
            if (await p.page.screenshot({ path, fullPage: true }).then(() => true, () => false)) shots.push(path);
          }
          if (shots.length) console.log(`[browser] "${title}" failed; screenshot${shots.length > 1 ? 's' : ''}:\n  ${shots.join('\n  ')}`);
          throw err;
        } finally {
          for (const p of people) await p.context.close().catch(() => undefined);
        }
      }, timeout);

    fn({ web: () => web!, test });
  });
}

// ------------------------------------------------------------------ what a person looks at

/** Waits until the page's title bar (AppLayout's header) names `title`. */
export async function expectHeading(page: Page, title: string): Promise<void> {
  await page.locator('header .title', { hasText: title }).waitFor({ state: 'visible' });
}

/** The rows of the (first) el-table on the page, each row's cell texts. */
export async function tableRows(page: Page): Promise<string[][]> {
  // (no DOM types in this project: the elements are `any` here)
  return page.locator('.el-table__body-wrapper tr.el-table__row').evaluateAll((trs: any[]) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td') as ArrayLike<any>).map((td) => String(td.textContent ?? '').trim())),
  );
}

/** Polls `read` until `ok` holds (10 s at most); returns the last value read. */
export async function waitUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, what = 'the condition', timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the table has rows and satisfies `ok` (e.g. a count), and returns them. */
export function waitRows(page: Page, ok: (rows: string[][]) => boolean, what = 'the table rows'): Promise<string[][]> {
  return waitUntil(() => tableRows(page), ok, what);
}

/** The column `header` of the table's rows, in order. */
export async function columnTexts(page: Page, header: string): Promise<string[]> {
  const headers = await page.locator('.el-table__header-wrapper th').evaluateAll((ths: any[]) => ths.map((th) => String(th.textContent ?? '').trim()));
  const i = headers.indexOf(header);
  if (i < 0) throw new Error(`no column ${header} among ${headers.join(', ')}`);
  return (await tableRows(page)).map((r) => r[i]);
}

/** The form item labelled `label` (el-form-item). */
export function formItem(page: Page, label: string): Locator {
  return page.locator('.el-form-item').filter({ has: page.locator('.el-form-item__label', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) });
}

/** Opens the el-select of form item `label` and picks the option named `option`; closes a multi-select's list after. */
export async function pickOption(page: Page, label: string, option: string): Promise<void> {
  const item = formItem(page, label);
  await item.locator('.el-select__wrapper').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^\\s*${option}\\s*$`) }).click();
  if (await item.locator('.el-select--multiple, .el-select__tags, .is-multiple').count()) await page.keyboard.press('Escape');
}

/** An ElMessage toast's text (success/error/warning), as a person sees it pop up. */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.el-message', { hasText: text });
}

/** The text input / textarea / number input of form item `label` (for fill()). */
export function field(page: Page, label: string): Locator {
  return formItem(page, label).locator('input:not([type=hidden]), textarea').first();
}

/** Presses `button` in the open dialog / message box (e.g. 确定) — ElMessageBox and el-dialog alike. */
export async function confirmIn(page: Page, button: string): Promise<void> {
  await page.locator('.el-message-box:visible, .el-dialog:visible').last().getByRole('button', { name: button }).click();
}

/**
 * Types `text` into the filterable (remote) el-select of form item `label`, as a person searching by a few
 * characters, and picks the first option whose text contains `option` (an option may show more than its
 * name, e.g. a company's credit code beside it).
 */
export async function searchAndPick(page: Page, label: string, text: string, option: string): Promise<void> {
  const item = formItem(page, label);
  await item.locator('.el-select__wrapper').click();
  await item.getByRole('combobox').pressSequentially(text, { delay: 20 });
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** The stage tag beside the project's name on 项目详情, and the stepper's current step. */
export async function projectStage(page: Page): Promise<{ tag: string; step: string }> {
  const tag = (await page.locator('.title-row .el-tag').first().textContent())?.trim() ?? '';
  const step = (await page.locator('.el-step__title.is-process').first().textContent().catch(() => ''))?.trim() ?? '';
  return { tag, step };
}

/** Waits until 项目详情 shows the project in stage `label` (tag and stepper). */
export function waitStage(page: Page, label: string): Promise<{ tag: string; step: string }> {
  return waitUntil(() => projectStage(page), (s) => s.tag === label && s.step === label, `the stage 「${label}」`);
}

/** The document's width beyond the viewport: > 0 means the page scrolls sideways. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;
}
