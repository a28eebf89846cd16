// Same as main.ts: timestamps are UTC whatever the machine's zone. Through the
// real process (helpers/time-zone.ts): Jest's process.env is a detached copy.
import { setTimeZone } from './helpers/time-zone';

setTimeZone('UTC');
import 'reflect-metadata';
