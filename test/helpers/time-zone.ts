/**
 * The process's own time zone, for suites that run the same assertions under
 * several zones. Node applies a change of `process.env.TZ` at once, but Jest
 * gives each test file a copy of `process` whose `env` is detached from the
 * real one, so `process.env.TZ = …` inside a test changes nothing for Date.
 * A function built by the host realm's Function constructor sees the host's
 * globals, hence the real `process`.
 */
function hostProcess(): NodeJS.Process {
  return (Buffer as unknown as { constructor: FunctionConstructor }).constructor('return process')() as NodeJS.Process;
}

/** Sets TZ for the whole process (and the test's view of process.env); returns the previous value. */
export function setTimeZone(tz: string | undefined): string | undefined {
  const host = hostProcess();
  const previous = host.env.TZ;
  for (const env of [host.env, process.env]) {
    if (tz === undefined) delete env.TZ;
    else env.TZ = tz;
  }
  return previous;
}
