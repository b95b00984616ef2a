import {afterAll, beforeAll, expect, it} from 'vitest';
import type {EngineEvent} from '../../src/docker/gateway.js';
import {LiveStore} from '../../src/docker/live-store.js';
import {joinVolumes} from '../../src/model/join.js';
import {
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  gatewayFor,
  uniqueName,
  until,
  startUser,
} from '../helpers/engines.js';

describeEachEngine('dockerode gateway', (engine) => {
  const gateway = gatewayFor(engine);
  const label = ['--label', `${TEST_LABEL}=1`];
  const used = uniqueName('used');
  const unused = uniqueName('unused');
  const sized = uniqueName('sized');
  const compose = uniqueName('compose');
  const runner = uniqueName('runner');
  const created = uniqueName('created');
  const anonMaker = uniqueName('anon');

  beforeAll(async () => {
    await cleanEngine(engine);
    await docker(engine, 'volume', 'create', ...label, used);
    await docker(engine, 'volume', 'create', ...label, unused);
    await docker(engine, 'volume', 'create', ...label, sized);
    await docker(
      engine,
      'volume',
      'create',
      ...label,
      '--label',
      'com.docker.compose.project=vstproj',
      '--label',
      'com.docker.compose.volume=data',
      compose,
    );
    await docker(
      engine,
      'run',
      '--rm',
      ...label,
      '-v',
      `${sized}:/d`,
      TEST_IMAGE,
      'sh',
      '-c',
      'head -c 123456 /dev/zero > /d/blob',
    );
    await startUser(engine, [`${used}:/data`, `${compose}:/c:ro`], {name: runner});
    await docker(engine, 'create', ...label, '--name', created, '-v', `${used}:/other`, TEST_IMAGE, 'true');
    // --mount so the anonymous volume carries our label and cleanup finds it.
    await docker(
      engine,
      'run',
      ...label,
      '--name',
      anonMaker,
      '--mount',
      `type=volume,dst=/anon,volume-label=${TEST_LABEL}=1`,
      TEST_IMAGE,
      'true',
    );
  });
  afterAll(() => cleanEngine(engine));

  it('reports the engine API version the test expects', async () => {
    expect((await gateway.version()).apiVersion).toBe(engine.api);
  });

  it('joins containers to the volumes they mount, with state, path and mode', async () => {
    const rows = joinVolumes(await gateway.listVolumes(), await gateway.listContainers(), undefined, 'local');
    const usedRow = rows.find((r) => r.volume.name === used)!;
    expect(usedRow.containers.map((c) => [c.name, c.state, c.running, c.destination, c.readOnly])).toEqual([
      [runner, 'running', true, '/data', false],
      [created, 'created', false, '/other', false],
    ]);
    const composeRow = rows.find((r) => r.volume.name === compose)!;
    expect(composeRow.containers.map((c) => [c.name, c.readOnly])).toEqual([[runner, true]]);
    expect(composeRow.composeProject).toBe('vstproj');
    expect(rows.find((r) => r.volume.name === unused)!.containers).toEqual([]);
  });

  it('recognises the anonymous volume a container created', async () => {
    const rows = joinVolumes(await gateway.listVolumes(), await gateway.listContainers(), undefined, 'local');
    const anon = rows.find((r) => r.containers.some((c) => c.name === anonMaker))!;
    expect(anon.anonymous).toBe(true);
    expect(anon.volume.name).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.find((r) => r.volume.name === used)!.anonymous).toBe(false);
  });

  it('measures the size of a volume holding a known number of bytes', async () => {
    const usage = await gateway.volumeUsage();
    expect(usage.get(sized)?.size).toBe(123_456);
    expect(usage.get(unused)?.size).toBe(0);
    expect(usage.get(used)?.refCount).toBe(2);
  });

  it('streams volume and container events', async () => {
    const events: EngineEvent[] = [];
    let opened = false;
    const sub = gateway.subscribeEvents({
      onOpen: () => (opened = true),
      onEvent: (e) => events.push(e),
      onClose: () => {},
    });
    try {
      await until(() => opened, 5000, 'event stream open');
      const name = uniqueName('evt');
      await docker(engine, 'volume', 'create', ...label, name);
      await until(
        () => events.find((e) => e.type === 'volume' && e.action === 'create' && e.id === name),
        5000,
        'create event',
      );
      await docker(engine, 'volume', 'rm', name);
      await until(() => events.find((e) => e.action === 'destroy' && e.id === name), 5000, 'destroy event');
      expect(events.every((e) => e.type === 'volume' || e.type === 'container')).toBe(true);
    } finally {
      sub.close();
    }
  });

  it('keeps a live store current: a new volume and a new attachment appear without a refresh', async () => {
    const store = new LiveStore(gateway);
    try {
      await store.start();
      await until(() => store.getSnapshot().connection === 'connected', 5000, 'connected');
      const name = uniqueName('live');
      await docker(engine, 'volume', 'create', ...label, name);
      await until(() => store.getSnapshot().volumes.some((v) => v.name === name), 10_000, 'volume to appear');
      await startUser(engine, [`${name}:/x`], {name: uniqueName('attach')});
      await until(
        () => store.getSnapshot().containers.some((c) => c.mounts.some((m) => m.volumeName === name)),
        10_000,
        'attachment to appear',
      );
    } finally {
      store.stop();
    }
  });
});
