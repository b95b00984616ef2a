import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {DockerodeGateway} from '../../src/docker/dockerode-gateway.js';
import {parseEngineUrl} from '../../src/docker/endpoint.js';
import {LiveStore} from '../../src/docker/live-store.js';
import {describeEachEngine, until} from '../helpers/engines.js';
import {type RequestCounter, startCounter} from '../helpers/request-counter.js';

/**
 * A real engine behind a proxy that swallows chosen requests: the engine is up, events flow, and
 * one kind of call never answers. The deadline and Esc must tear the request down on the wire.
 */
describeEachEngine('an engine whose calls hang', (engine) => {
  let counter: RequestCounter;
  let gateway: DockerodeGateway;
  let holding: (path: string) => boolean = () => false;
  const stores: LiveStore[] = [];
  beforeAll(async () => {
    const proxy = `/tmp/volscope-hung-${process.pid}-${engine.name}.sock`;
    counter = await startCounter(proxy, engine.url.replace('unix://', ''), {hold: (path) => holding(path)});
    gateway = new DockerodeGateway(parseEngineUrl(`unix://${proxy}`, '--host'));
    await gateway.version();
  });
  afterEach(() => {
    holding = () => false;
    for (const s of stores.splice(0)) s.stop();
  });
  afterAll(() => counter.close());

  it('gives up on a list past its deadline, keeps the table, and closes the hung request', async () => {
    const store = new LiveStore(gateway, {listTimeoutMs: 800, pendingNoticeMs: 100});
    stores.push(store);
    await store.start();
    const listed = store.getSnapshot().volumes.length;
    holding = (path) => path.startsWith('/volumes');
    const refresh = store.refreshList();
    await until(() => store.getSnapshot().listingSince !== undefined, 2000, 'the list to show as pending');
    await refresh;
    expect(store.getSnapshot().error).toBe('the list got no answer within 1 s: showing the last one; r tries again');
    expect(store.getSnapshot().volumes.length).toBe(listed);
    const hung = counter.held.filter((h) => h.path.startsWith('/volumes')).at(-1);
    await until(() => hung?.closedAt !== undefined, 2000, 'the hung request to be closed');
    holding = () => false;
    await store.refreshList();
    expect(store.getSnapshot().error).toBeUndefined();
  });

  it('cancels a /system/df that does not answer, on the wire, while lists keep working', async () => {
    holding = (path) => path.startsWith('/system/df');
    const store = new LiveStore(gateway, {sizeTimeoutMs: 600_000});
    stores.push(store);
    await store.start();
    await until(
      () => counter.held.some((h) => h.path.startsWith('/system/df') && h.closedAt === undefined),
      2000,
      'df to be held',
    );
    expect(store.getSnapshot().sizingSince).toBeTypeOf('number');
    await store.refreshList();
    expect(store.getSnapshot().listed).toBe(true);
    store.cancelPending();
    await until(() => store.getSnapshot().sizingSince === undefined, 1000, 'the scan to give up');
    expect(store.getSnapshot().error).toBe('size scan cancelled: sizes are from the last scan; r measures again');
    const hung = counter.held.filter((h) => h.path.startsWith('/system/df')).at(-1);
    await until(() => hung?.closedAt !== undefined, 2000, 'the df request to be closed');
  });
});
