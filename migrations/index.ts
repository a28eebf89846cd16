import { InitialSchema1763683200000 } from './1763683200000-initial-schema';

/** Every migration, in order. Imported explicitly so that bundling or ts-jest never misses one. */
export const MIGRATIONS = [InitialSchema1763683200000];
