/**
 * Named instants where the crash harness (test/integration/crash-*.test.ts) kills volscope with
 * SIGKILL, as the OOM killer or a reboot would: `VOLSCOPE_CRASH_AT=NAME` dies at the first pass
 * through NAME, `NAME#N` at the Nth (a tar chunk, a second helper). The kill is the process's own
 * so it lands exactly between two steps (before the helper, mid-stream, during the check, between
 * the check and the rename), which a signal sent from outside on a timer cannot promise.
 *
 * With VOLSCOPE_CRASH_ACTION=stop the process stops itself (SIGSTOP) there instead, so the harness
 * can kill the engine at that instant and let volscope go on against the dead engine (SIGCONT).
 *
 * Unset (always, outside the harness) a point costs one comparison.
 */
const target = process.env.VOLSCOPE_CRASH_AT;
const signal = process.env.VOLSCOPE_CRASH_ACTION === 'stop' ? 'SIGSTOP' : 'SIGKILL';
const passes = new Map<string, number>();

export function crashPoint(name: string): void {
  if (target === undefined) return;
  const pass = (passes.get(name) ?? 0) + 1;
  passes.set(name, pass);
  if (target === name || target === `${name}#${pass}`) process.kill(process.pid, signal);
}
