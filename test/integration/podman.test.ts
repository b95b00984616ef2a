import {afterAll, beforeAll, expect, it} from 'vitest';
import {LiveStore} from '../../src/docker/live-store.js';
import {runCli} from '../helpers/cli.js';
import {
  PODMAN,
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  gatewayFor,
  uniqueName,
  until,
} from '../helpers/engines.js';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/**
 * Podman's Docker-compatible API (Debian's podman 4.3, API 1.41): what volscope does with a Docker
 * engine it does here too, through the same code — list, sizes, events, browse, backup, restore, rm.
 */
describeEachEngine(
  'Podman through its Docker-compatible socket',
  (engine) => {
    const data = uniqueName('podman-data');
    const spare = uniqueName('podman-spare');
    const holder = uniqueName('podman-holder');
    const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
    const label = ['--label', `${TEST_LABEL}=1`];

    beforeAll(async () => {
      await cleanEngine(engine);
      await docker(engine, 'volume', 'create', ...label, data);
      await docker(engine, 'volume', 'create', ...label, spare);
      // Detached: Podman's compat API refuses the attach the docker CLI asks for with `run --rm`.
      await docker(
        engine,
        'run',
        '-d',
        ...label,
        '--network',
        'none',
        '--name',
        holder,
        '-v',
        `${data}:/v`,
        TEST_IMAGE,
        'sh',
        '-c',
        'printf hello > /v/greeting.txt; head -c 300000 /dev/zero > /v/zeros',
      );
      await until(
        async () => (await docker(engine, 'inspect', '-f', '{{.State.Status}}', holder)) === 'exited',
        20_000,
        'the fixture container to finish',
      );
    }, 60_000);
    afterAll(() => cleanEngine(engine), 60_000);

    it('lists volumes with sizes and the containers attached (volscope ls --json)', async () => {
      const result = await runCli(['ls', '--json', '--host', engine.url]);
      expect(result.code, result.stderr).toBe(0);
      const rows = JSON.parse(result.stdout) as Array<{
        name: string;
        size: number | null;
        containers: Array<{name: string; state: string}>;
      }>;
      const row = rows.find((r) => r.name === data);
      expect(row?.size).toBeGreaterThanOrEqual(300_005);
      expect(row?.containers.map((c) => [c.name, c.state])).toEqual([[holder, 'exited']]);
      expect(rows.find((r) => r.name === spare)?.containers).toEqual([]);
    });

    it('follows its event stream: a volume created from outside appears without a poll', async () => {
      const store = new LiveStore(gatewayFor(engine), {coalesceMs: 50});
      try {
        await store.start();
        await until(() => store.getSnapshot().connection === 'connected', 5000, 'events open');
        const name = uniqueName('podman-live');
        await docker(engine, 'volume', 'create', ...label, name);
        await until(
          () => store.getSnapshot().volumes.some((v) => v.name === name),
          3000,
          'the new volume in the store',
        );
      } finally {
        store.stop();
      }
    });

    it('browses a volume through the locked-down helper and leaves no helper behind', async () => {
      const files = gatewayFor(engine).fileService(TEST_IMAGE);
      const session = await files.open(data, () => {});
      try {
        const names: string[] = [];
        await session.list([], (entries) => names.push(...entries.map((e) => Buffer.from(e.name).toString())));
        expect(names.sort()).toEqual(['greeting.txt', 'zeros']);
      } finally {
        await files.closeAll();
      }
      expect(await docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper')).toBe('');
    });

    it('backs up, verifies and restores into a new volume through the archive API', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'volscope-podman-')), 'data.tar.gz');
      const backup = await runCli(['backup', data, '-o', file, '--host', engine.url], env);
      expect(backup.code, backup.stderr).toBe(0);
      expect((await runCli(['verify', file])).code).toBe(0);
      const target = uniqueName('podman-restored');
      const restore = await runCli(['restore', file, target, '--host', engine.url], env);
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.stdout + restore.stderr).toContain(`into ${target}`);
      const listed = JSON.parse((await runCli(['ls', '--json', '--host', engine.url])).stdout) as Array<{
        name: string;
        size: number;
      }>;
      expect(listed.find((r) => r.name === target)?.size).toBe(listed.find((r) => r.name === data)?.size);
      await docker(engine, 'volume', 'rm', target);
    });

    it('removes exactly the named volume, and refuses one a container holds', async () => {
      const refused = await runCli(['rm', data, '--host', engine.url]);
      expect(refused.code).toBe(1);
      expect(refused.stdout + refused.stderr).toMatch(new RegExp(`${holder}|in use`));
      const removed = await runCli(['rm', spare, '--host', engine.url]);
      expect(removed.code, removed.stderr).toBe(0);
      expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=${spare}`)).toBe('');
    });
  },
  [PODMAN],
);
