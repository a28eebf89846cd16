// One headless Chromium for a whole jest run, shared by every browser spec file (test/helpers/browser.ts
// starts this detached and connects to it over its WebSocket). Usage:
//   node chromium-server.mjs <endpointFile> <watchPid> <executable> <chromium flag>...
// Writes {wsEndpoint, pid} to <endpointFile> once the browser is up; closes the browser and exits as soon as
// process <watchPid> (the jest process) is gone, so a run never leaves a Chromium behind.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [file, watchPid, executablePath, ...args] = process.argv.slice(2);
const server = await chromium.launchServer({ executablePath, args, headless: true, host: '127.0.0.1' });
writeFileSync(`${file}.tmp`, JSON.stringify({ wsEndpoint: server.wsEndpoint(), pid: process.pid }));
renameSync(`${file}.tmp`, file);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(watch);
  rmSync(file, { force: true });
  await server.close().catch(() => undefined);
  process.exit(0);
}
const watch = setInterval(() => {
  try {
    process.kill(Number(watchPid), 0);
  } catch {
    void stop();
  }
}, 500);
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
