import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';

/** web/dist, found from here whether the app runs from src (tests) or dist/src (npm start). */
export function webDistDir(): string | null {
  for (const up of ['..', '../..', '../../..']) {
    const dir = resolve(__dirname, up, 'web', 'dist');
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>招商通</title>
<body style="font-family:sans-serif;padding:40px"><h1>招商通</h1><p>网页端尚未构建。请在项目目录运行 <code>npm run build:web</code>（<code>npm start</code> 会自动构建），然后刷新本页。</p>
<p>接口文档：<a href="api/docs">/api/docs</a></p></body></html>`;

/**
 * Serves the built web UI at / on the same origin as /api/v1 (no CORS). Hashed assets are cached
 * for a year; index.html is revalidated on every load, so a new build is picked up at once.
 * Hash history (#/projects/:id) means every page is index.html: no server-side fallback needed.
 */
export function serveWebUi(app: NestExpressApplication): string | null {
  const dir = webDistDir();
  if (!dir) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if ((req.method === 'GET' || req.method === 'HEAD') && (req.path === '/' || req.path === '/index.html')) {
        res.status(503).type('html').send(NOT_BUILT);
        return;
      }
      next();
    });
    return null;
  }
  // gzip for the UI's files only (the API's answers are unchanged).
  const gzip = compression();
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/') ? next() : gzip(req, res, next)));
  app.useStaticAssets(dir, {
    index: 'index.html',
    setHeaders: (res, path) => {
      if (path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
      else if (path.includes(`${join('assets', '')}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  return dir;
}
