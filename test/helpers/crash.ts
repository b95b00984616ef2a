import {spawn} from 'node:child_process';
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {BIN, STATE_HOME, runCli} from './cli.js';
import {type TestEngine, docker, until} from './engines.js';

/**
 * The crash harness's parts (docs/testing.md): run a command that kills itself with SIGKILL at a
 * named point (src/local/crash-points.ts), then check what it left against the invariants.
 */
export interface Killed {
  readonly pid: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** A crash case's time limit: a hang's, not a pace (see eachKillPoint). */
const CASE_TIMEOUT_MS = 90_000;

/**
 * One case per kill point, side by side (the engines project's maxConcurrency), except points
 * counted in reads of an exec's output from the second on (`exec-data#2`): that output is small,
 * and on a busy machine it comes in fewer, larger reads, so the point may never be reached. Those
 * run one at a time, after the others. Every other point is a named step, or a chunk of a tar of
 * more than 5 MB (more than 78 reads of at most 64 KiB), reached whatever the load. Each case uses
 * volumes and folders of its own, and a sweep by one case's run touches only what a dead run left.
 */
export function eachKillPoint(points: readonly string[], title: string, body: (point: string) => Promise<void>): void {
  const alone = points.filter((point) => /^exec-data#([2-9]|\d{2,})$/.test(point));
  const together = points.filter((point) => !alone.includes(point));
  // Side by side a case takes two to three times as long as alone: up to ~12 s here, past the
  // default 20 s limit on a machine 1.6 times slower.
  if (together.length) it.concurrent.each(together)(title, body, CASE_TIMEOUT_MS);
  if (alone.length) it.each(alone)(title, body, CASE_TIMEOUT_MS);
}

/** Runs `volscope ARGS` (or `node SCRIPT ARGS`) with VOLSCOPE_CRASH_AT=POINT; resolves once it is gone. */
export function runKilledAt(
  point: string,
  args: readonly string[],
  env: Record<string, string>,
  script = BIN,
): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: {...process.env, XDG_STATE_HOME: STATE_HOME, ...env, VOLSCOPE_CRASH_AT: point},
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({pid: child.pid!, code, signal, stderr}));
  });
}

/** The point was reached: the run died of SIGKILL there, it did not finish or fail first. */
export function expectKilled(killed: Killed, point: string): void {
  expect({point, signal: killed.signal, stderr: killed.signal ? '' : killed.stderr}).toEqual({
    point,
    signal: 'SIGKILL',
    stderr: '',
  });
}

/** Helper containers the killed run owned that are still on the engine. */
export async function helpersOf(engine: TestEngine, pid: number): Promise<string[]> {
  const ids = await docker(engine, 'ps', '-aq', '--filter', `label=io.volscope.owner-pid=${pid}`);
  return ids ? ids.split('\n') : [];
}

export async function volumeExists(engine: TestEngine, volume: string): Promise<boolean> {
  return (await docker(engine, 'volume', 'ls', '-q', '--filter', `name=^${volume}$`)).split('\n').includes(volume);
}

/** The incomplete mark `volscope ls --json` shows for the volume (null when none); undefined when it is not listed. */
export async function incompleteOf(engine: TestEngine, volume: string): Promise<unknown> {
  const listed = await runCli(['ls', '--json', '--no-size', '--no-history'], {DOCKER_HOST: engine.url});
  expect(listed.code, listed.stderr).toBe(0);
  const row = (JSON.parse(listed.stdout) as Array<{name: string; incomplete: unknown}>).find((r) => r.name === volume);
  return row?.incomplete;
}

/** Marker volumes of half-done operations that mark this volume. */
export async function markersOf(engine: TestEngine, volume: string): Promise<string[]> {
  const names = await docker(engine, 'volume', 'ls', '-q', '--filter', `label=io.volscope.incomplete=${volume}`);
  return names ? names.split('\n') : [];
}

/** volscope's temporary files and folders in DIR (a lock is checked on its own). */
export function tempsIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.includes('.volscope-')) : [];
}

/** Every archive under a final name in DIR passes `volscope verify`; returns their names. */
export async function verifiedArchives(dir: string): Promise<string[]> {
  const archives = readdirSync(dir).filter((name) => /\.tar\.gz$/.test(name) && !name.startsWith('.'));
  for (const archive of archives) {
    const verified = await runCli(['verify', join(dir, archive)]);
    expect({archive, code: verified.code, stderr: verified.stderr}).toEqual({archive, code: 0, stderr: ''});
  }
  return archives;
}

/** `node SCRIPT ARGS` to its end: the browser's export (test/helpers/browser-export.mjs) run whole. */
export function runScript(script: string, args: readonly string[]): Promise<{code: number | null; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {stdio: ['ignore', 'ignore', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stderr}));
  });
}

export interface Stranded {
  /** The run reached the point and stopped there before the engine was killed. */
  readonly stopped: boolean;
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * Runs the command until it reaches POINT, where it stops itself (VOLSCOPE_CRASH_ACTION=stop);
 * then `killEngine` runs, and the command goes on against the dead engine to its own end.
 */
export async function runWithEngineKilledAt(
  point: string,
  args: readonly string[],
  env: Record<string, string>,
  killEngine: () => Promise<void>,
  script = BIN,
): Promise<Stranded> {
  const child = spawn(process.execPath, [script, ...args], {
    env: {...process.env, XDG_STATE_HOME: STATE_HOME, ...env, VOLSCOPE_CRASH_AT: point, VOLSCOPE_CRASH_ACTION: 'stop'},
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let finished = false;
  void ended.then(() => (finished = true));
  const stopped = await until(
    () => (finished ? 'ended' : processStopped(child.pid!) ? 'stopped' : undefined),
    60_000,
    `the run to reach ${point}`,
  );
  if (stopped === 'stopped') {
    await killEngine();
    child.kill('SIGCONT');
  }
  return {stopped: stopped === 'stopped', code: await ended, stderr};
}

/** State T in /proc/PID/stat: stopped by a signal. */
function processStopped(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T');
  } catch {
    return false;
  }
}
