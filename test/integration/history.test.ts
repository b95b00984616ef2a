import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {
  ENGINES,
  PODMAN,
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
} from '../helpers/engines.js';

const MB = 1_000_000;

interface Listed {
  name: string;
  size: number | null;
  growth: {bytes: number; since: string; partial: boolean} | null;
  lastUsers: Array<{id: string; name: string; lastSeen: string}>;
}

describeEachEngine(
  'the size history: record, growth, ls --json, last users',
  (engine) => {
    const grows = uniqueName('grows');
    const still = uniqueName('still');
    const orphan = uniqueName('orphan');
    const user = uniqueName('last-user');
    // Each engine its own state folder: the history is the only thing these tests read.
    const env = {
      XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'volscope-history-it-')),
      VOLSCOPE_HELPER_IMAGE: TEST_IMAGE,
    };
    const cli = (...args: string[]) => runCli([...args, '--host', engine.url], env);
    const run = (volume: string, script: string, ...name: string[]) =>
      docker(engine, 'run', ...name, '--network', 'none', '-v', `${volume}:/v`, TEST_IMAGE, 'sh', '-c', script);

    beforeAll(async () => {
      await cleanEngine(engine);
      for (const name of [grows, still, orphan])
        await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, name);
      await run(still, 'head -c 3000000 /dev/zero > /v/f', '--rm');
    }, 120_000);
    afterAll(async () => {
      await docker(engine, 'rm', '-f', user).catch(() => undefined);
      await cleanEngine(engine);
    });

    it('50 MB written between two records: growth and ls --json show it for that volume only', async () => {
      const first = await cli('record');
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^recorded \d+ volumes \(.*\) on .* in \d+ ms$/m);
      await run(grows, 'head -c 50000000 /dev/urandom > /v/blob', '--rm');
      const second = await cli('record');
      expect(second.code, second.stderr).toBe(0);

      const growth = await cli('growth', '--json');
      expect(growth.code, growth.stderr).toBe(0);
      const growers = JSON.parse(growth.stdout) as Array<{name: string; growth: {bytes: number; partial: boolean}}>;
      expect(growers[0]).toMatchObject({name: grows, growth: {partial: true}});
      expect(growers[0]!.growth.bytes).toBeGreaterThanOrEqual(50 * MB);
      // Only it: the engine's other volumes (the foreign load, ours) did not move.
      expect(growers.filter((g) => g.growth.bytes >= MB).map((g) => g.name)).toEqual([grows]);

      const ls = await cli('ls', '--json');
      expect(ls.code, ls.stderr).toBe(0);
      const rows = JSON.parse(ls.stdout) as Listed[];
      const byName = new Map(rows.map((row) => [row.name, row]));
      expect(byName.get(grows)!.growth!.bytes).toBeGreaterThanOrEqual(50 * MB);
      expect(byName.get(still)!.growth!.bytes).toBe(0);
      expect(rows.filter((row) => (row.growth?.bytes ?? 0) >= MB).map((row) => row.name)).toEqual([grows]);

      const failing = await cli('growth', '--fail-over', '40MB');
      expect(failing.code).toBe(3);
      expect(failing.stdout).toContain(grows);
      expect(failing.stderr).toMatch(new RegExp(`${grows} grew .* more than --fail-over 40 MB`));
    }, 120_000);

    it('a container that mounted a volume and was removed is still named as its last user', async () => {
      await run(orphan, 'echo used > /v/mark', '--name', user);
      await docker(engine, 'rm', user);
      // The container is gone before this record: only an earlier sighting could name it.
      const missed = JSON.parse((await cli('ls', '--json')).stdout) as Listed[];
      expect(missed.find((row) => row.name === orphan)!.lastUsers).toEqual([]);

      await run(orphan, 'true', '--name', user);
      const seen = await cli('record');
      expect(seen.code, seen.stderr).toBe(0);
      await docker(engine, 'rm', user);
      const after = await cli('record');
      expect(after.code, after.stderr).toBe(0);
      const rows = JSON.parse((await cli('ls', '--json')).stdout) as Listed[];
      const row = rows.find((r) => r.name === orphan)!;
      expect(row.lastUsers).toEqual([expect.objectContaining({name: user, lastSeen: expect.any(String)})]);
      expect(JSON.stringify(row)).toContain('"containers":[]');
      // What a prune would lose, said beside the candidate.
      const dry = await cli('prune', '--all', '--dry-run', '--label', TEST_LABEL);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(new RegExp(`${orphan}\\s+\\S+ \\S+\\s+last used by ${user} \\(gone since \\d{4}-`));
    }, 120_000);

    it('history lists the engine by its identity and --forget clears it; --no-history writes nothing', async () => {
      const listed = await cli('history', '--json');
      expect(listed.code, listed.stderr).toBe(0);
      const {engines} = JSON.parse(listed.stdout) as {engines: Array<{identity: string; volumes: number}>};
      expect(engines).toHaveLength(1);
      expect(engines[0]!.identity.length).toBeGreaterThan(8);
      const forgot = await cli('history', '--forget');
      expect(forgot.stdout).toBe('forgot 1 engine\n');
      const none = await cli('record', '--no-history');
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/nothing recorded: the history is off \(--no-history\)/);
      const empty = JSON.parse((await cli('history', '--json')).stdout) as {engines: unknown[]};
      expect(empty.engines).toEqual([]);
    }, 60_000);
  },
  [...ENGINES, PODMAN],
);
