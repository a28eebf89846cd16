process.env.TZ = 'UTC';
import 'reflect-metadata';
import { seedDemo } from '../../seeds/demo';
import { createApp } from '../app.bootstrap';
import { ConfigError, loadConfig } from '../core/config/app-config';

/**
 * `npm run seed`: readies the configured database as the first boot does
 * (migrations, default dictionaries, the first admin), then loads the demo
 * data if it has no team and no project yet, whatever DEMO_DATA says; and
 * exits without serving or running jobs.
 */
async function main() {
  const config = loadConfig({ ...process.env, DEMO_DATA: 'false', WORKER: 'false' });
  const app = await createApp(config);
  try {
    const demo = await seedDemo(app);
    console.log(demo ? `demo data loaded: ${demo.projects} projects, ${demo.users} accounts` : 'the database already has teams or projects: demo data left out');
  } finally {
    await app.close();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `cannot seed: ${err.message}` : err);
  process.exit(1);
});
