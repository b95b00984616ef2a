import {afterAll, beforeAll, expect, it} from 'vitest';
import {DockerodeGateway} from '../../src/docker/dockerode-gateway.js';
import {parseEngineUrl} from '../../src/docker/endpoint.js';
import {LiveStore} from '../../src/docker/live-store.js';
import {apiAtLeast} from '../../src/docker/map.js';
import {FirstLists} from '../../src/docker/first-lists.js';
import {TEST_LABEL, cleanEngine, describeEachEngine, docker, uniqueName, until} from '../helpers/engines.js';
import {type RequestCounter, startCounter} from '../helpers/request-counter.js';

describeEachEngine('API calls at the wire', (engine) => {
  let counter: RequestCounter;
  let gateway: DockerodeGateway;
  const proxy = `/tmp/volscope-wire-${process.pid}-${engine.name}.sock`;
  beforeAll(async () => {
    counter = await startCounter(proxy, engine.url.replace('unix://', ''));
    gateway = new DockerodeGateway(parseEngineUrl(`unix://${proxy}`, '--host'));
  });
  afterAll(async () => {
    await counter.close();
    await cleanEngine(engine);
  });

  it('asks /system/df for volumes only where the API has the filter (>= 1.42)', async () => {
    const t = Date.now();
    await gateway.volumeUsage();
    const df = counter.since(t).filter((r) => r.path.startsWith('/system/df'));
    // One request, or a few if the engine was still busy with another client's scan (a process an
    // earlier test killed mid-scan: the engine finishes it anyway) and volumeUsage waited and asked again.
    expect(df.length).toBeGreaterThanOrEqual(1);
    const expected = apiAtLeast(engine.api, '1.42') ? '/system/df?type=volume' : '/system/df';
    for (const request of df) expect(request.path).toBe(expected);
  });

  it('refreshes with two calls however many volumes there are, and only after events that matter', async () => {
    const store = new LiveStore(gateway, {coalesceMs: 100});
    try {
      await store.start();
      await until(() => store.getSnapshot().connection === 'connected', 5000, 'connected');
      await until(() => store.getSnapshot().sizingSince === undefined, 10_000, 'first size scan');
      const many = Array.from({length: 20}, (_, i) => uniqueName(`wire${i}`));
      await Promise.all(many.map((v) => docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, v)));
      await until(() => many.every((v) => store.getSnapshot().volumes.some((x) => x.name === v)), 5000, 'the burst');
      // Let the burst's refreshes finish before measuring one more change.
      await new Promise((r) => setTimeout(r, 500));
      const name = uniqueName('wire-last');
      const t = Date.now();
      await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, name);
      await until(() => store.getSnapshot().volumes.some((v) => v.name === name), 3000, 'last volume');
      await new Promise((r) => setTimeout(r, 300));
      const lists = counter
        .since(t)
        .filter((r) => r.path.startsWith('/volumes') || r.path.startsWith('/containers/json'));
      expect(lists.map((r) => r.path.split('?')[0]).sort()).toEqual(['/containers/json', '/volumes']);
    } finally {
      store.stop();
    }
  });

  it('starts from lists asked before it, and misses nothing that changed since they were asked', async () => {
    const lists = new FirstLists(proxy);
    await Promise.all([lists.volumes, lists.containers]);
    // Made after the first lists were answered, before the event stream exists.
    const between = uniqueName('wire-between');
    await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, between);
    const t = Date.now();
    const early = new DockerodeGateway(parseEngineUrl(`unix://${proxy}`, '--host'), {firstLists: lists});
    const store = new LiveStore(early, {coalesceMs: 50});
    try {
      await store.start();
      // The first picture is the lists' own: the store asked for neither again.
      expect(store.getSnapshot().volumes.some((v) => v.name === between)).toBe(false);
      expect(
        counter.since(t).filter((r) => r.path === '/volumes' || r.path.startsWith('/containers/json?all=true')),
      ).toEqual([]);
      // The event stream replays the creation, and the refresh it causes brings the volume in.
      await until(
        () => store.getSnapshot().volumes.some((v) => v.name === between),
        10_000,
        'the volume made in between',
      );
    } finally {
      store.stop();
      early.close();
    }
  });
});
