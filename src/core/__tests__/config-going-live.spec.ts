import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadConfig } from '../config/app-config';

/** Going live: what a bureau's production install gets without asking. */
describe('configuration for going live', () => {
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: 'going-live-secret-'.padEnd(48, 'z'),
    ADMIN_PASSWORD: 'a-real-admin-password',
    DATABASE_PATH: join(tmpdir(), 'zs-config-never-opened.sqlite'),
  };

  it('leaves demo data out in production unless DEMO_DATA=true is set explicitly', () => {
    expect(loadConfig(production).demoData).toBe(false);
    expect(loadConfig({ ...production, DEMO_DATA: 'true' }).demoData).toBe(true);
    expect(loadConfig({ ...production, DEMO_DATA: 'false' }).demoData).toBe(false);
  });

  it('keeps demo data on by default outside production, and off when asked', () => {
    const dev = { ...production, NODE_ENV: 'development' };
    expect(loadConfig(dev).demoData).toBe(true);
    expect(loadConfig({ ...dev, DEMO_DATA: 'false' }).demoData).toBe(false);
    expect(loadConfig({ ...production, NODE_ENV: undefined }).demoData).toBe(true);
  });

  it('names the district in the Excel titles: 万盛经开区 unless DISTRICT_NAME says otherwise', () => {
    expect(loadConfig(production).districtName).toBe('万盛经开区');
    expect(loadConfig({ ...production, DISTRICT_NAME: ' 綦江区 ' }).districtName).toBe('綦江区');
    expect(() => loadConfig({ ...production, DISTRICT_NAME: '区'.repeat(41) })).toThrow(/DISTRICT_NAME/);
  });
});
