import {spawn} from 'node:child_process';
import {mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import Docker from 'dockerode';
import {BIN, STATE_HOME, runCli} from '../helpers/cli.js';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {HELPER_LABEL, HELPER_MOUNT, HelperSession, helperSpec} from '../../src/docker/helper.js';
import {sweepOrphanHelpers} from '../../src/docker/orphan-sweep.js';
import {
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  uniqueName,
  until,
} from '../helpers/engines.js';

/** File names a listing must survive (valid UTF-8; invalid UTF-8 cannot travel in exec's JSON argv). */
const HOSTILE = ['with space', 'new\nline', 'tab\there', 'esc\u001b]2;title\u0007', '-leading-dash', '数据 🐳'];

describeEachEngine('helper container', (engine) => {
  const api = new Docker({socketPath: engine.url.replace('unix://', '')});
  const volume = uniqueName('helper');
  const sessions: HelperSession[] = [];
  const open = async (idleSeconds = 60) => {
    const session = await HelperSession.start(api, {image: TEST_IMAGE, volume, idleSeconds});
    sessions.push(session);
    return session;
  };
  /** A helper whose run is gone: its owner pid is past any this host gives out. */
  const deadHelper = (pid: number) =>
    HelperSession.start(api, {image: TEST_IMAGE, volume, idleSeconds: 60, ownerPid: 2 ** 22 + pid});

  beforeAll(async () => {
    await cleanEngine(engine);
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, volume);
    // Names are passed as arguments to a fixed script: the fixture itself builds no shell string from them.
    await docker(
      engine,
      'run',
      '--rm',
      '-v',
      `${volume}:/v`,
      TEST_IMAGE,
      'sh',
      '-c',
      'for n in "$@"; do printf "%s" "content of $n" > "/v/$n"; done; printf secret > /v/locked; chown 1234:1234 /v/locked; chmod 000 /v/locked',
      'fixture',
      ...HOSTILE,
    );
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await Promise.all(
      (await api.listContainers({all: true, filters: {label: [HELPER_LABEL]}})).map((c) =>
        api
          .getContainer(c.Id)
          .remove({force: true})
          .catch(() => {}),
      ),
    );
    await cleanEngine(engine);
  });

  it('is locked down as the engine reports it', async () => {
    const session = await open();
    const info = await session.container.inspect();
    const host = info.HostConfig;
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd).toEqual(['DAC_READ_SEARCH']);
    expect(host.NetworkMode).toBe('none');
    expect(host.SecurityOpt).toEqual(['no-new-privileges']);
    expect(host.Memory).toBe(64 * 1024 * 1024);
    expect(host.PidsLimit).toBe(64);
    expect(host.AutoRemove).toBe(true);
    expect(info.Mounts).toEqual([
      expect.objectContaining({Type: 'volume', Name: volume, Destination: HELPER_MOUNT, RW: false}),
    ]);
    expect(info.Config.Labels[HELPER_LABEL]).toBe('1');
  });

  it('reads files with hostile names byte for byte, argv only', async () => {
    const session = await open();
    for (const name of HOSTILE) {
      const result = await session.exec(['cat', '--', `${HELPER_MOUNT}/${name}`]);
      expect(result.exitCode, JSON.stringify(name)).toBe(0);
      expect(result.stdout.toString(), JSON.stringify(name)).toBe(`content of ${name}`);
    }
  });

  it('reads a file of another user with mode 000, and cannot write to the volume', async () => {
    const session = await open();
    expect((await session.exec(['cat', `${HELPER_MOUNT}/locked`])).stdout.toString()).toBe('secret');
    const write = await session.exec(['touch', `${HELPER_MOUNT}/new-file`]);
    expect(write.exitCode).not.toBe(0);
    expect(write.stderr.toString()).toMatch(/Read-only file system/i);
  });

  it('is gone after close, and close twice is harmless', async () => {
    const session = await open();
    await session.close();
    await session.close();
    await expect(api.getContainer(session.id).inspect()).rejects.toMatchObject({statusCode: 404});
  });

  it('ends by itself after the idle timeout and the engine removes it', async () => {
    const session = await open(3);
    await until(
      async () => {
        try {
          await api.getContainer(session.id).inspect();
          return undefined;
        } catch (error) {
          return (error as {statusCode?: number}).statusCode === 404 || undefined;
        }
      },
      15_000,
      'the idle helper to remove itself',
    );
  });

  it('sweeps helpers left by dead runs on this host, and keeps those of live runs', async () => {
    const dead = await deadHelper(12345);
    const live = await open();
    const swept = await sweepOrphanHelpers(api);
    expect(swept).toContain(dead.id);
    expect(swept).not.toContain(live.id);
    await expect(api.getContainer(live.id).inspect()).resolves.toBeDefined();
  });

  it("ls sweeps a dead run's helper before it lists, and lists the volume without it", async () => {
    const dead = await deadHelper(54321);
    const listed = await runCli(['ls', '--json', '--no-size', '--no-history', '--host', engine.url]);
    expect(listed.code, listed.stderr).toBe(0);
    const row = (
      JSON.parse(listed.stdout) as Array<{name: string; containers: Array<{id?: string; name: string}>}>
    ).find((r) => r.name === volume);
    expect(row).toBeDefined();
    // Gone before the list: it is no user of the volume.
    expect(JSON.stringify(row!.containers)).not.toContain(dead.id.slice(0, 12));
    await expect(api.getContainer(dead.id).inspect()).rejects.toThrow();
  });

  it("ls --no-size, which lists without dockerode when nothing is to be swept, still sweeps a dead run's helper", async () => {
    const dead = await deadHelper(54322);
    const listed = await runCli(['ls', '--no-size', '--host', engine.url]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(volume);
    await expect(api.getContainer(dead.id).inspect()).rejects.toThrow();
  });

  it('a backup killed with SIGKILL leaves its helper; the next command (rm) sweeps it and the volume goes', async () => {
    const doomed = uniqueName('killed');
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, doomed);
    await docker(
      engine,
      'run',
      '--rm',
      '-v',
      `${doomed}:/v`,
      TEST_IMAGE,
      'sh',
      '-c',
      'head -c 300000000 /dev/urandom > /v/big',
    );
    const out = mkdtempSync(join(tmpdir(), 'volscope-killed-'));
    const backup = spawn(process.execPath, [BIN, 'backup', doomed, '-o', join(out, 'b.tar.gz'), '--host', engine.url], {
      env: {...process.env, VOLSCOPE_HELPER_IMAGE: TEST_IMAGE, XDG_STATE_HOME: STATE_HOME},
      stdio: 'ignore',
    });
    const holding = () =>
      docker(engine, 'ps', '-aq', '--filter', `label=${HELPER_LABEL}`, '--filter', `volume=${doomed}`);
    // Killed once its helper holds the volume and its temporary file is being written: the state a kill -9 mid-backup leaves.
    const temps = () => readdirSync(out).filter((name) => name.endsWith('.tmp'));
    await until(async () => ((await holding()) && temps().length ? true : undefined), 30_000, 'the backup under way');
    backup.kill('SIGKILL');
    await new Promise((resolve) => backup.on('close', resolve));
    expect(await holding()).not.toBe('');
    const [left] = temps();
    const listed = await runCli(['backups', out]);
    expect(listed.stdout).toContain(
      `${left}  left by a killed run (pid ${backup.pid}); the next backup here removes it`,
    );
    // The next backup into the folder clears what the killed one left there.
    const next = await runCli(['backup', volume, '-o', join(out, 'next.tar.gz'), '--host', engine.url], {
      VOLSCOPE_HELPER_IMAGE: TEST_IMAGE,
    });
    expect(next.code, next.stderr).toBe(0);
    expect(temps()).toEqual([]);
    const removed = await runCli(['rm', doomed, '--host', engine.url], {VOLSCOPE_HELPER_IMAGE: TEST_IMAGE});
    expect(removed.code, removed.stderr).toBe(0);
    expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=^${doomed}$`)).toBe('');
    expect(await holding()).toBe('');
  }, 90_000);

  it("sweeps this run's own helpers that it no longer uses (their removal failed while the engine was away)", async () => {
    // Made behind HelperSession's back: exactly what is left when a removal failed.
    const leftover = await api.createContainer(helperSpec({image: TEST_IMAGE, volume, idleSeconds: 60}));
    const live = await open();
    const swept = await sweepOrphanHelpers(api);
    expect(swept).toContain(leftover.id);
    expect(swept).not.toContain(live.id);
    await expect(api.getContainer(live.id).inspect()).resolves.toBeDefined();
  });
});
