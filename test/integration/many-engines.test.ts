import {execFileSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {ENGINES, PODMAN, TEST_LABEL, cleanEngine, describeWithEngines, docker, uniqueName} from '../helpers/engines.js';
import {type Sshd, startSshd} from '../helpers/remote-servers.js';

const [D20, D26] = ENGINES as [(typeof ENGINES)[number], (typeof ENGINES)[number]];
const ALL = [D20, D26, PODMAN];

/**
 * `volscope ls` over several engines at once: 20.10, 26.1, Podman and 26.1 once more through
 * ssh:// (the loopback sshd), each named by its docker context; one more context points at no
 * engine at all.
 */
describeWithEngines('ls over several engines', ALL, () => {
  const shared = uniqueName('many');
  let sshd: Sshd;
  let config: string;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    sshd = await startSshd();
    for (const engine of ALL) await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, shared);
    await docker(D26, 'volume', 'create', '--label', `${TEST_LABEL}=1`, `${shared}-only26`);
    config = mkdtempSync(join(tmpdir(), 'volscope-many-config-'));
    const context = (name: string, host: string) =>
      execFileSync('docker', ['--config', config, 'context', 'create', name, '--docker', `host=${host}`], {
        stdio: 'ignore',
      });
    context('d20', D20.url);
    context('d26', D26.url);
    context('pod', PODMAN.url);
    context('remote', `ssh://root@127.0.0.1:${sshd.port}${D26.url.replace('unix://', '')}`);
    context('gone', 'unix:///run/volscope-test/nothing-here.sock');
    env = {
      DOCKER_CONFIG: config,
      HOME: sshd.home,
      DOCKER_HOST: undefined,
      DOCKER_CONTEXT: undefined,
      SSH_AUTH_SOCK: undefined,
    };
  }, 60_000);
  afterAll(async () => {
    sshd?.stop();
    for (const engine of ALL) await cleanEngine(engine);
  }, 60_000);

  type Row = {engine?: string; name: string};
  const rowsOf = (stdout: string) => (JSON.parse(stdout) as Row[]).filter((row) => row.name.startsWith(shared));

  it('lists every engine with an engine field; names the one that cannot be reached and exits 1', async () => {
    const result = await runCli(
      ['-c', 'd20', '-c', 'd26', '-c', 'pod', '-c', 'remote', '-c', 'gone', 'ls', '--json'],
      env,
    );
    expect(result.code).toBe(1);
    const rows = rowsOf(result.stdout);
    expect(
      rows
        .filter((row) => row.name === shared)
        .map((row) => row.engine)
        .sort(),
    ).toEqual(['d20', 'd26', 'pod', 'remote']);
    // The volume only 26.1 holds is there twice: directly and through ssh://, each under its engine.
    expect(
      rows
        .filter((row) => row.name === `${shared}-only26`)
        .map((row) => row.engine)
        .sort(),
    ).toEqual(['d26', 'remote']);
    expect(result.stderr).toMatch(/volscope: gone: .*nothing-here\.sock/);
    expect(result.stderr).toContain('1 of 5 engines could not be listed');
  }, 60_000);

  it('prints an ENGINE column in the plain table, and --all-contexts takes every context of the store', async () => {
    const plain = await runCli(['-c', 'd20', '-c', 'pod', 'ls', '--no-size'], env);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout.split('\n')[0]).toMatch(/^ENGINE\s+NAME\s+DRIVER/);
    expect(plain.stdout).toMatch(new RegExp(`d20\\s+${shared}\\s`));
    expect(plain.stdout).toMatch(new RegExp(`pod\\s+${shared}\\s`));
    const all = await runCli(['--all-contexts', 'ls', '--json', '--no-size'], {...env, DOCKER_HOST: D20.url});
    expect(all.code).toBe(1);
    const engines = new Set(rowsOf(all.stdout).map((row) => row.engine));
    // `default` is DOCKER_HOST here: 20.10.
    expect([...engines].sort()).toEqual(['d20', 'd26', 'default', 'pod', 'remote']);
    expect(all.stderr).toContain('gone');
  }, 60_000);

  it('one engine is the old output: no engine field, no ENGINE column; a single-engine command refuses several', async () => {
    const one = await runCli(['-c', 'd20', 'ls', '--json', '--no-size'], env);
    expect(one.code, one.stderr).toBe(0);
    expect(rowsOf(one.stdout)[0]).not.toHaveProperty('engine');
    const rm = await runCli(['-c', 'd20', '-c', 'd26', 'rm', shared], env);
    expect(rm.code).toBe(2);
    expect(rm.stderr).toContain('`volscope rm` works on one engine');
    expect(await docker(D20, 'volume', 'ls', '-q', '--filter', `name=${shared}`)).toContain(shared);
  }, 60_000);
});
