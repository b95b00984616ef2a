import {mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {TEST_IMAGE, TEST_LABEL, cleanEngine, docker, uniqueName, until} from '../helpers/engines.js';
import {restartEngine as engine} from '../helpers/restartable-engine.js';
import {TmuxSession} from '../helpers/tmux.js';

/**
 * The engine dies under a running volscope (SIGKILL) and comes back: the screen must say so,
 * keep the last table, take keys, and recover by itself; work in flight fails cleanly.
 */
describe('the engine dies and comes back [docker-20.10, own network namespace]', () => {
  const kept = uniqueName('restart-kept');
  const big = uniqueName('restart-big');
  const folder = mkdtempSync(join(tmpdir(), 'volscope-e2e-restart-'));
  const env = {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE};
  let session: TmuxSession | undefined;
  const helpers = () => docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper');

  beforeAll(async () => {
    await engine.start();
    await cleanEngine(engine);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, kept);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, big);
    await docker(engine, 'run', '--rm', '-v', `${kept}:/v`, TEST_IMAGE, 'sh', '-c', 'echo hello > /v/greeting.txt');
    // Random data compresses slowly: the backup is still running when the engine is killed.
    await docker(
      engine,
      'run',
      '--rm',
      '-v',
      `${big}:/v`,
      TEST_IMAGE,
      'sh',
      '-c',
      'head -c 150000000 /dev/urandom > /v/blob',
    );
  }, 120_000);
  afterEach(async () => {
    await session?.kill();
    session = undefined;
    await engine.start();
  }, 90_000);
  afterAll(() => cleanEngine(engine), 60_000);

  const open = async () => {
    session = await TmuxSession.start(['--host', engine.url], {env, columns: 140, rows: 30});
    await session.waitFor((s) => s.includes(kept) && s.includes('● live'), 10_000);
    // The engine is killed under a running app, not under the frame drawn before it.
    await session.untilInteractive();
    return session;
  };

  it('says it is disconnected, keeps the table and the keys typed meanwhile, and recovers once the engine is back', async () => {
    const s = await open();
    await engine.kill();
    const down = await s.waitFor('disconnected, retrying', 10_000);
    expect(down).toContain(kept);
    expect(down).toContain('lost the engine: the connection to the engine broke');
    // Keys still work while it is away: a filter typed now is there when it comes back.
    await s.type('/restart-kept');
    await s.keys('Enter');
    await s.waitFor((screen) => screen.includes('/restart-kept') && !screen.includes(big));
    await engine.start();
    const added = `${kept}-new`;
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, added);
    // Reconnection backs off (1, 2, 4 … s): within its next try the list is current and live.
    const back = await s.waitFor((screen) => screen.includes(added) && screen.includes('● live'), 40_000);
    expect(back).not.toContain('disconnected');
    expect(back).toContain('/restart-kept');
    await s.type('q');
    await s.waitFor('EXIT:0');
  }, 90_000);

  it('a browse in flight fails with a message, works again after the engine is back, and leaves no helper', async () => {
    const s = await open();
    await s.type(`/${kept}`);
    await s.keys('Enter');
    await s.keys('Enter');
    await s.waitFor('greeting.txt', 15_000);
    expect(await helpers()).not.toBe('');
    await engine.kill();
    await s.type('r');
    // The listing area itself says why it is empty.
    await s.waitFor(/─\n(nothing answers|no engine socket) at \/run\/volscope-test\/restart\.sock/, 15_000);
    await engine.start();
    await s.waitFor('● live', 40_000);
    // The engine removed the running helper when it came back (AutoRemove); browsing starts another.
    await s.type('r');
    await s.waitFor('greeting.txt', 20_000);
    await s.type('q');
    await s.waitFor('EXIT:0');
    await until(async () => (await helpers()) === '', 10_000, 'no helper left');
  }, 120_000);

  it('a backup in flight fails, leaves no file under its name, and its helper goes once the engine is back', async () => {
    const path = join(folder, 'in-flight.tar.gz');
    const s = await open();
    await s.type(`/${big}`);
    await s.keys('Enter');
    await s.type('b');
    await s.waitFor(`Back up ${big} to:`);
    await s.keys('C-u');
    await s.type(path);
    await s.keys('Enter');
    await s.waitFor(/MB\/s/, 20_000);
    await engine.kill();
    const failed = await s.waitFor('1 of 1 backup failed', 20_000);
    expect(failed).toContain(`${big}: the connection to the engine broke`);
    expect(readdirSync(folder)).toEqual([]);
    // The backup's helper is created but never started: the engine keeps it over a restart,
    // and volscope removes it as soon as the engine answers again.
    await engine.start();
    await until(async () => (await helpers()) === '', 40_000, 'the backup helper to be removed after the reconnect');
    expect(readdirSync(folder)).toEqual([]);
  }, 120_000);
});
