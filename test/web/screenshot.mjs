// Screenshots of pages at desktop (1440×900) and phone (390×844) width, for people to look at.
// Usage: node test/web/screenshot.mjs <baseUrl> <email> <outDir> <hashPath>... (e.g. /projects /projects/3)
// The app must be running (npm start, or node dist/src/main.js). Uses Debian's Chromium, never a download.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [base, email, outDir, ...paths] = process.argv.slice(2);
if (!base || !email || !outDir || !paths.length) {
  console.error('usage: node test/web/screenshot.mjs <baseUrl> <email> <outDir> <hashPath>...');
  process.exit(2);
}
const password = process.env.SHOT_PASSWORD ?? (email.startsWith('admin@') ? 'zhaoshang-admin' : 'demo-pass-2026');
mkdirSync(outDir, { recursive: true });
const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
const { accessToken } = await res.json();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
for (const [label, viewport] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1 });
  await context.addInitScript((t) => sessionStorage.setItem('zst.token', t), accessToken);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${label}] page error:`, e.message));
  for (const p of paths) {
    await page.goto(`${base}/#${p}`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(400);
    const name = `${outDir}/${p.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}-${label}.png`;
    await page.screenshot({ path: name, fullPage: process.env.FULL === '1' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    console.log(`${name}${overflow > 0 ? `  (horizontal overflow ${overflow}px)` : ''}`);
  }
  await context.close();
}
await browser.close();
