import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {describe} from 'vitest';
import {DockerodeGateway} from '../../src/docker/dockerode-gateway.js';
import {parseEngineUrl} from '../../src/docker/endpoint.js';

const run = promisify(execFile);

export interface TestEngine {
  readonly name: string;
  readonly url: string;
  readonly api: string;
}

/** The two engines scripts/test-engine.sh starts; VOLSCOPE_TEST_ENGINES="name=url@api,…" overrides. */
export const ENGINES: readonly TestEngine[] = process.env.VOLSCOPE_TEST_ENGINES
  ? process.env.VOLSCOPE_TEST_ENGINES.split(',').map((entry) => {
      const [name = '', rest = ''] = entry.split('=');
      const [url = '', api = ''] = rest.split('@');
      return {name, url, api};
    })
  : [
      {name: 'docker-20.10', url: 'unix:///var/run/docker.sock', api: '1.41'},
      {name: 'docker-26.1', url: 'unix:///run/volscope-test/docker26.sock', api: '1.45'},
    ];

/** Podman's Docker-compatible API, served by scripts/test-engine.sh (VOLSCOPE_TEST_PODMAN overrides the URL). */
export const PODMAN: TestEngine = {
  name: 'podman-4.3',
  url: process.env.VOLSCOPE_TEST_PODMAN ?? 'unix:///run/volscope-test/podman.sock',
  api: '1.41',
};

export const TEST_IMAGE = process.env.VOLSCOPE_TEST_IMAGE ?? 'volscope-test/busybox:local';
/** Everything tests create carries this label, so cleanup finds it even after a crash. */
export const TEST_LABEL = 'volscope.test';
/**
 * The command of a test container that runs until it is stopped, and then stops at once. `sleep`
 * as PID 1 ignores SIGTERM, so each `docker stop` of it — volscope's --stop-containers, Compose's
 * down — waited the engine's 10 s before its SIGKILL: over 100 s of a CI run. An hour, as the
 * Compose project's `sleep 3600` had: a workload must not end by itself on a slow machine.
 */
export const RUNS_UNTIL_STOPPED = ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'];

export function gatewayFor(engine: TestEngine, options: {readOnly?: boolean} = {}): DockerodeGateway {
  return new DockerodeGateway(parseEngineUrl(engine.url, '--host'), options);
}

async function answers(engine: TestEngine): Promise<boolean> {
  try {
    await gatewayFor(engine).ping(3000);
    return true;
  } catch {
    return false;
  }
}

const availability = new Map(
  await Promise.all([...ENGINES, PODMAN].map(async (e) => [e.name, await answers(e)] as const)),
);

/**
 * One describe block per engine. A missing engine fails the run when CI is set (never a silent
 * skip there); on a developer machine it is skipped with a note saying how to start it.
 */
export function describeEachEngine(
  title: string,
  body: (engine: TestEngine) => void,
  engines: readonly TestEngine[] = ENGINES,
): void {
  for (const engine of engines) {
    const up = availability.get(engine.name);
    if (!up && !process.env.CI) {
      describe.skip(`${title} [${engine.name}: no engine at ${engine.url}; run scripts/test-engine.sh]`, () =>
        body(engine));
      continue;
    }
    describe(`${title} [${engine.name}]`, () => {
      if (!up)
        throw new Error(
          `CI is set and no Docker engine answers at ${engine.url} (${engine.name}): run scripts/test-engine.sh`,
        );
      body(engine);
    });
  }
}

/**
 * One describe block that needs every one of these engines at once (several engines in one
 * table). As describeEachEngine: fails under CI when one is missing, skips with a note otherwise.
 */
export function describeWithEngines(title: string, engines: readonly TestEngine[], body: () => void): void {
  const missing = engines.filter((engine) => !availability.get(engine.name));
  const label = `${title} [${engines.map((e) => e.name).join(', ')}]`;
  if (missing.length && !process.env.CI) {
    describe.skip(`${label} [missing: ${missing.map((e) => e.url).join(', ')}; run scripts/test-engine.sh]`, body);
    return;
  }
  describe(label, () => {
    if (missing.length)
      throw new Error(
        `CI is set and no Docker engine answers at ${missing.map((e) => e.url).join(', ')}: run scripts/test-engine.sh`,
      );
    body();
  });
}

/**
 * Starts a test container that mounts `mounts` (`-v` specs) and runs until it is stopped: a
 * workload using a volume, labelled for cleanEngine.
 */
export async function startUser(
  engine: TestEngine,
  mounts: readonly string[],
  options: {readonly name?: string} = {},
): Promise<void> {
  await docker(
    engine,
    'run',
    '-d',
    '--label',
    `${TEST_LABEL}=1`,
    ...(options.name ? ['--name', options.name] : []),
    ...mounts.flatMap((mount) => ['-v', mount]),
    TEST_IMAGE,
    ...RUNS_UNTIL_STOPPED,
  );
}

export async function docker(engine: TestEngine, ...args: string[]): Promise<string> {
  const {stdout} = await run('docker', ['-H', engine.url, ...args], {maxBuffer: 64 * 1024 * 1024});
  return stdout.trim();
}

/** Removes every container and volume a test created on this engine. */
export async function cleanEngine(engine: TestEngine): Promise<void> {
  // Helper containers hold test volumes too; a test that left one behind has its own assertion.
  for (const label of [TEST_LABEL, 'io.volscope.helper']) {
    const containers = await docker(engine, 'ps', '-aq', '--filter', `label=${label}`);
    if (containers) await docker(engine, 'rm', '-f', '-v', ...containers.split('\n'));
  }
  const volumes = await docker(engine, 'volume', 'ls', '-q', '--filter', `label=${TEST_LABEL}`);
  if (volumes) await docker(engine, 'volume', 'rm', '-f', ...volumes.split('\n'));
}

export function uniqueName(prefix: string): string {
  return `vst-${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms: number,
  what: string,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
