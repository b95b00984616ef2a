import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {TEST_IMAGE, TEST_LABEL, type TestEngine, docker, uniqueName, RUNS_UNTIL_STOPPED} from './engines.js';

const run = promisify(execFile);

export interface ComposeProject {
  readonly name: string;
  /** The project folder: the binds' host paths are `dir/<folder>`. */
  readonly dir: string;
  /** The anonymous volume Compose made for `- /cache`. */
  readonly anonymous: string;
  readonly container: string;
  down(): Promise<void>;
}

/**
 * A real Compose project (Debian's docker-compose 1.29) as a user's: one service with a named
 * volume, an anonymous one (`- /cache`), a `./conf:/etc/conf:ro` bind, and whatever more binds or
 * tmpfs mounts the test asks for. Everything it makes carries the test label, except the anonymous
 * volume (Compose labels nothing there), which `down` removes by name.
 */
export async function upCompose(
  engine: TestEngine,
  options: {binds?: readonly string[]; tmpfs?: readonly string[]; confBytes?: number} = {},
): Promise<ComposeProject> {
  const name = uniqueName('cp').replace(/-/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'volscope-compose-'));
  const compose = (...args: string[]) =>
    run('docker-compose', ['-p', name, ...args], {cwd: dir, env: {...process.env, DOCKER_HOST: engine.url}});
  mkdirSync(join(dir, 'conf'));
  writeFileSync(join(dir, 'conf', 'app.ini'), 'port = 8080\n'.repeat(Math.ceil((options.confBytes ?? 12) / 12)));
  const binds = options.binds ?? [];
  for (const bind of binds) mkdirSync(join(dir, bind.split(':')[0]!.replace(/^\.\//, '')), {recursive: true});
  const lines = [
    'version: "3.8"',
    'services:',
    '  app:',
    `    image: ${TEST_IMAGE}`,
    `    command: ${JSON.stringify(RUNS_UNTIL_STOPPED)}`,
    `    labels: {${TEST_LABEL}: "1"}`,
    '    volumes:',
    '      - data:/data',
    '      - /cache',
    '      - ./conf:/etc/conf:ro',
    ...binds.map((bind) => `      - ${bind}`),
    ...(options.tmpfs?.length ? ['    tmpfs:', ...options.tmpfs.map((t) => `      - ${t}`)] : []),
    'volumes:',
    '  data:',
    `    labels: {${TEST_LABEL}: "1"}`,
  ];
  writeFileSync(join(dir, 'docker-compose.yml'), `${lines.join('\n')}\n`);
  await compose('up', '-d');
  const container = `${name}_app_1`;
  const mounts = JSON.parse(await docker(engine, 'inspect', '-f', '{{json .Mounts}}', container)) as Array<{
    Name?: string;
    Destination: string;
  }>;
  const anonymous = mounts.find((m) => m.Destination === '/cache')!.Name!;
  return {
    name,
    dir,
    anonymous,
    container,
    async down() {
      await compose('down', '-v').catch(() => undefined);
      await docker(engine, 'volume', 'rm', '-f', anonymous).catch(() => undefined);
      rmSync(dir, {recursive: true, force: true});
    },
  };
}
