import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { buildOpenApiDocument } from './core/http/openapi-document';
import { AllExceptionsFilter } from './core/http/exception.filter';
import { AppValidationPipe } from './core/http/validation-pipe';

export const API_PREFIX = 'api/v1';

/** Every route under /api/v1 but the OpenAPI page; set before the document is built, whose paths carry it. */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['api/docs', 'api/docs-json'] });
}

/** HTTP concerns shared by main.ts and the e2e suites: prefix, validation, errors, headers, OpenAPI. */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  setApiPrefix(app);
  app.use(
    helmet({
      // The OpenAPI page needs its inline script and styles.
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
      },
    }),
  );
  app.useGlobalPipes(new AppValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  // Built on first request, by the same function as the committed openapi.json (src/cli/openapi.ts).
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
