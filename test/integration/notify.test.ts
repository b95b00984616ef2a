import {createServer} from 'node:http';
import {mkdtempSync, writeFileSync} from 'node:fs';
import type {AddressInfo} from 'node:net';
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

interface Seen {
  readonly path: string;
  readonly body: string;
}

describeEachEngine(
  '--notify tells monitors of backups and verifies',
  (engine) => {
    const volume = uniqueName('notify');
    const dir = mkdtempSync(join(tmpdir(), 'volscope-notify-it-'));
    const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
    const seen: Seen[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({path: req.url!, body});
        res.end('OK');
      });
    });
    let base = '';
    let down = '';
    const take = () => seen.splice(0, seen.length);

    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      down = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/ping/down`;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      await cleanEngine(engine);
      await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
    }, 60_000);
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cleanEngine(engine);
    });

    it('a good backup: start then success to each URL (healthchecks protocol and JSON); a monitor that is down is a warning, not a failure', async () => {
      const file = join(dir, `${engine.name}.tar.gz`);
      const args = ['backup', volume, '-o', file, '--host', engine.url, '--notify', `${base}/ping/abc`];
      const result = await runCli([...args, '--notify', `${base}/hook`, '--notify', down], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(
        /warning: --notify http:\/\/127\.0\.0\.1:\d+\/… \(start\) failed: .*ECONNREFUSED.*the backup itself is not affected/,
      );
      const got = take();
      expect(got.map((s) => s.path).sort()).toEqual(['/hook', '/hook', '/ping/abc', '/ping/abc/start'].sort());
      expect(got.find((s) => s.path === '/ping/abc')!.body).toContain(`${file}: OK`);
      const events = got
        .filter((s) => s.path === '/hook')
        .map((s) => JSON.parse(s.body) as {event: string; exitCode?: number});
      expect(events.map((e) => e.event)).toEqual(['start', 'success']);
      expect(events[1]!.exitCode).toBe(0);
    });

    it('a run with a failure (a volume that is not there) tells /fail with what failed, and exits 1', async () => {
      const missing = uniqueName('not-there');
      const result = await runCli(
        [
          'backup',
          volume,
          missing,
          '-o',
          join(dir, `${engine.name}-many`),
          '--host',
          engine.url,
          '--notify',
          `${base}/ping/many`,
        ],
        env,
      );
      expect(result.code).toBe(1);
      const got = take();
      expect(got.map((s) => s.path)).toEqual(['/ping/many/start', '/ping/many/fail']);
      expect(got[1]!.body).toContain(`no volume named ${missing}`);
      expect(got[1]!.body).toContain('Backed up 1 of 2 volumes');
    });

    it('verify of a damaged archive tells /fail with the problem', async () => {
      const bad = join(dir, `${engine.name}-bad.tar.gz`);
      writeFileSync(bad, 'not an archive at all');
      const result = await runCli(['verify', bad, '--notify', `${base}/ping/verify`]);
      expect(result.code).toBe(1);
      const got = take();
      expect(got.map((s) => s.path)).toEqual(['/ping/verify/start', '/ping/verify/fail']);
      expect(got[1]!.body).toContain('PROBLEMS');
    });

    it('a URL that is not one is a usage error before anything runs', async () => {
      const result = await runCli(
        ['backup', volume, '-o', dir, '--host', engine.url, '--notify', 'hc-ping.com/x'],
        env,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--notify hc-ping.com/x: not a URL');
    });
  },
  [...ENGINES, PODMAN],
);
