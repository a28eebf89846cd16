// Same as main.ts: timestamps are UTC whatever the machine's zone.
process.env.TZ = 'UTC';
import 'reflect-metadata';
