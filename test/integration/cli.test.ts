import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {VolumeJson} from '../../src/model/json.js';
import {runCli} from '../helpers/cli.js';
import {startCounter} from '../helpers/request-counter.js';
import {TEST_IMAGE, TEST_LABEL, cleanEngine, describeEachEngine, docker, uniqueName} from '../helpers/engines.js';

describe('command line without an engine', () => {
  it('exits 1 naming the socket and the likely fix, without a stack trace', async () => {
    const result = await runCli(['ls', '--host', 'unix:///nonexistent/docker.sock']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No Docker engine socket at unix:///nonexistent/docker.sock (from --host)');
    expect(result.stderr).toContain('Is Docker running?');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names DOCKER_HOST when that is where the address came from', async () => {
    const result = await runCli(['ls'], {DOCKER_HOST: 'unix:///nonexistent/d.sock'});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(from DOCKER_HOST)');
  });

  it('times out on an address that never answers', async () => {
    // A listening socket that never replies: the engine is "there" but hung.
    const net = await import('node:net');
    const server = net.createServer(() => {});
    const path = `/tmp/volscope-hung-${process.pid}.sock`;
    await new Promise<void>((r) => server.listen(path, r));
    try {
      // With sizes through dockerode's ping; without them through the bare lists' own deadline.
      for (const sizes of [[], ['--no-size']]) {
        const result = await runCli(['ls', ...sizes, '--host', `unix://${path}`, '--timeout', '300']);
        expect(result.code, sizes.join(' ')).toBe(1);
        expect(result.stderr).toContain('did not answer within 0.3 s');
        expect(result.stderr).toContain('raise --timeout');
      }
    } finally {
      server.close();
    }
  });

  it('never echoes an escape sequence from its input back to the terminal', async () => {
    const result = await runCli(['ls', '--host', 'ftp://x\u001b]2;pwned\u0007']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('\\e]2;pwned\\x07');
    expect(result.stderr).not.toContain('\u001b]2');
  });

  it('exits 2 with usage text on bad arguments and bad addresses', async () => {
    for (const args of [['--bogus'], ['ls', '--nope'], ['--host', 'ftp://x', 'ls'], ['extra-arg']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain('Usage: volscope');
    }
  });

  it('exits 2 and suggests ssh -t or volscope ls when not in a terminal', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ssh -t');
    expect(result.stderr).toContain('volscope ls');
  });

  it('prints its version, the one package.json gives, with exit 0', async () => {
    const {version} = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag]);
      expect([result.code, result.stdout]).toEqual([0, `${version}\n`]);
    }
  });

  it('prints help with exit 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ls [options]');
  });
});

describeEachEngine('volscope ls', (engine) => {
  const name = uniqueName('ls');
  const holder = uniqueName('holder');
  beforeAll(async () => {
    await docker(
      engine,
      'volume',
      'create',
      '--label',
      `${TEST_LABEL}=1`,
      '--label',
      'com.docker.compose.project=lsproj',
      name,
    );
    await docker(engine, 'run', '--rm', '-v', `${name}:/d`, TEST_IMAGE, 'sh', '-c', 'head -c 5000 /dev/zero > /d/f');
    await docker(
      engine,
      'create',
      '--label',
      `${TEST_LABEL}=1`,
      '--name',
      holder,
      '-v',
      `${name}:/data:ro`,
      TEST_IMAGE,
      'true',
    );
  });
  afterAll(() => cleanEngine(engine));

  it('prints JSON with the documented shape', async () => {
    const result = await runCli(['ls', '--json', '--host', engine.url]);
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as VolumeJson[];
    const {growth, lastUsers, ...entry} = list.find((v) => v.name === name)!;
    // The size history's fields: growth is null until an earlier scan of this engine is recorded.
    expect(growth === null || typeof growth.bytes === 'number').toBe(true);
    expect(lastUsers).toEqual([expect.objectContaining({name: holder, lastSeen: expect.stringMatching(/^\d{4}-/)})]);
    expect(entry).toEqual({
      name,
      driver: 'local',
      scope: 'local',
      mountpoint: expect.stringContaining(name),
      createdAt: expect.stringMatching(/^\d{4}-/),
      labels: {[TEST_LABEL]: '1', 'com.docker.compose.project': 'lsproj'},
      anonymous: false,
      composeProject: 'lsproj',
      composeProjectInferred: false,
      incomplete: null,
      size: 5000,
      refCount: 1,
      containers: [
        {
          id: expect.stringMatching(/^[0-9a-f]{64}$/),
          name: holder,
          state: 'created',
          destination: '/data',
          readOnly: true,
        },
      ],
    });
  });

  it('prints a plain table, and null sizes with --no-size', async () => {
    const table = await runCli(['ls', '--host', engine.url]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+DRIVER\s+SIZE\s+CONTAINERS\s+PROJECT\s+AGE$/);
    expect(table.stdout).toMatch(new RegExp(`${name}\\s+local\\s+5 kB\\s+${holder} \\(created\\)\\s+lsproj`));
    const json = await runCli(['ls', '--json', '--no-size', '--host', engine.url]);
    expect((JSON.parse(json.stdout) as VolumeJson[]).find((v) => v.name === name)!.size).toBeNull();
  });

  it('lists --no-size from the two lists alone: the same row, no ping, no sweep', async () => {
    const proxy = `/tmp/volscope-ls-${process.pid}-${engine.name}.sock`;
    const counter = await startCounter(proxy, engine.url.replace('unix://', ''));
    try {
      const table = await runCli(['ls', '--no-size', '--host', `unix://${proxy}`]);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(new RegExp(`${name}\\s+local\\s+-\\s+${holder} \\(created\\)\\s+lsproj`));
      expect(counter.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
        'GET /containers/json?all=true',
        'GET /volumes',
      ]);
    } finally {
      await counter.close();
    }
  });
});
