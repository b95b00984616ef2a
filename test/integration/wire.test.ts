import {afterAll, beforeAll, expect, it} from 'vitest';
import {DockerodeGateway} from '../../src/docker/dockerode-gateway.js';
import {parseEngineUrl} from '../../src/docker/endpoint.js';
import {LiveStore} from '../../src/docker/live-store.js';
import {apiAtLeast} from '../../src/docker/map.js';
import {TEST_LABEL, cleanEngine, describeEachEngine, docker, uniqueName, until} from '../helpers/engines.js';
import {type RequestCounter, startCounter} from '../helpers/request-counter.js';

describeEachEngine('API calls at the wire', (engine) => {
  let counter: RequestCounter;
  let gateway: DockerodeGateway;
  beforeAll(async () => {
    const proxy = `/tmp/volscope-wire-${process.pid}-${engine.name}.sock`;
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
});
