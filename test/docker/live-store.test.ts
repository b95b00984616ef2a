import {afterEach, describe, expect, it, vi} from 'vitest';
import {LiveStore, type LiveStoreOptions} from '../../src/docker/live-store.js';
import {FaultGateway} from '../../src/testing/fault-gateway.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {container, usage, volume} from '../helpers/fixtures.js';

const stores: LiveStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.stop();
  vi.useRealTimers();
});

/**
 * "Nothing more happens" is checked on a fake clock: every timer the store set by then has run,
 * however slow the machine, instead of sleeping and hoping the timers fired.
 */
async function afterEveryTimer(): Promise<void> {
  await vi.advanceTimersByTimeAsync(60_000);
}

function setup(options: LiveStoreOptions = {}) {
  const gateway = new MemoryGateway({volumes: [volume('a'), volume('b')], usage: usage({a: 1, b: 2})});
  const store = new LiveStore(gateway, {coalesceMs: 20, reconnectMinMs: 10, ...options});
  stores.push(store);
  return {gateway, store};
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('LiveStore', () => {
  it('lists, opens events and measures sizes at start', async () => {
    const {gateway, store} = setup();
    await store.start();
    await until(() => store.getSnapshot().usage !== undefined);
    const snap = store.getSnapshot();
    expect(snap.volumes.map((v) => v.name)).toEqual(['a', 'b']);
    expect(snap.connection).toBe('connected');
    expect(snap.usage?.get('b')?.size).toBe(2);
    expect(gateway.calls).toMatchObject({listVolumes: 1, listContainers: 1, volumeUsage: 1, subscribeEvents: 1});
  });

  it('coalesces a burst of events into one refresh of two calls, whatever the volume count', async () => {
    const {gateway, store} = setup();
    await store.start();
    await until(() => store.getSnapshot().connection === 'connected');
    for (let i = 0; i < 50; i++) gateway.volumes.push(volume(`new-${i}`));
    for (let i = 0; i < 50; i++) gateway.emit({type: 'volume', action: 'create', id: `new-${i}`});
    await until(() => store.getSnapshot().volumes.length === 52);
    expect(gateway.calls.listVolumes).toBe(2);
    expect(gateway.calls.listContainers).toBe(2);
  });

  it('ignores the create the engine re-sends when a container mounts an existing volume', async () => {
    const {gateway, store} = setup();
    await store.start();
    await until(() => store.getSnapshot().connection === 'connected');
    vi.useFakeTimers();
    gateway.emit({type: 'volume', action: 'create', id: 'a'});
    gateway.emit({type: 'volume', action: 'mount', id: 'a'});
    gateway.emit({type: 'container', action: 'exec_start: sh', id: 'x'});
    await afterEveryTimer();
    expect(gateway.calls.listVolumes).toBe(1);
    // The same engine's real create would have been refreshed: the clock was not the reason.
    gateway.emit({type: 'volume', action: 'create', id: 'new'});
    await afterEveryTimer();
    expect(gateway.calls.listVolumes).toBe(2);
  });

  it('refreshes when a container starts, and sees it attached', async () => {
    const {gateway, store} = setup();
    await store.start();
    await until(() => store.getSnapshot().connection === 'connected');
    gateway.containers.push(container('web', 'running', [['a', '/data']]));
    gateway.emit({type: 'container', action: 'start', id: 'web'});
    await until(() => store.getSnapshot().containers.length === 1);
  });

  it('does not notify listeners when a refresh finds nothing new', async () => {
    const {store} = setup();
    await store.start();
    await until(() => store.getSnapshot().usage !== undefined && store.getSnapshot().connection === 'connected');
    let notified = 0;
    store.subscribe(() => notified++);
    await store.refreshList();
    expect(notified).toBe(0);
  });

  it('never runs two size scans at once; a request during one runs once after it', async () => {
    const {gateway, store} = setup();
    const hold = gateway.holdUsage();
    await store.start();
    expect(store.getSnapshot().sizingSince).toBeTypeOf('number');
    void store.scanSizes();
    void store.scanSizes();
    expect(gateway.calls.volumeUsage).toBe(1);
    hold.release();
    await until(() => gateway.calls.volumeUsage === 2 && store.getSnapshot().sizingSince === undefined);
    vi.useFakeTimers();
    await afterEveryTimer();
    expect(gateway.calls.volumeUsage).toBe(2);
  });

  it('keeps the last data when the engine goes away, reconnects, then refreshes at once', async () => {
    const {gateway, store} = setup();
    await store.start();
    await until(() => store.getSnapshot().connection === 'connected');
    gateway.failNext('subscribeEvents', Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'}));
    gateway.volumes.push(volume('made-while-away'));
    gateway.dropEvents();
    expect(store.getSnapshot().connection).toBe('reconnecting');
    expect(store.getSnapshot().volumes).toHaveLength(2);
    expect(store.getSnapshot().error).toMatch(/lost the engine/);
    await until(() => store.getSnapshot().connection === 'connected' && store.getSnapshot().volumes.length === 3);
    expect(gateway.calls.subscribeEvents).toBe(3);
    expect(store.getSnapshot().error).toBeUndefined();
  });

  it('calls onReconnect when the engine comes back, not at the first connect', async () => {
    let reconnects = 0;
    const {gateway, store} = setup({onReconnect: () => reconnects++});
    await store.start();
    await until(() => store.getSnapshot().connection === 'connected');
    expect(reconnects).toBe(0);
    gateway.dropEvents();
    await until(() => reconnects === 1 && store.getSnapshot().connection === 'connected');
  });

  it('shows a failed list as an error and keeps the previous rows', async () => {
    const {gateway, store} = setup();
    await store.start();
    gateway.failNext('listVolumes', new Error('engine hiccup'));
    await store.refreshList();
    expect(store.getSnapshot().error).toBe('engine hiccup');
    expect(store.getSnapshot().volumes).toHaveLength(2);
    await store.refreshList();
    expect(store.getSnapshot().error).toBeUndefined();
  });

  it('measures sizes again soon after a volume appears, but not closer than the gap', async () => {
    const {gateway, store} = setup({sizeGapMs: 150});
    await store.start();
    await until(() => gateway.calls.volumeUsage === 1 && store.getSnapshot().sizingSince === undefined);
    gateway.volumes.push(volume('c'));
    gateway.usage.set('c', {size: 3, refCount: 0});
    gateway.emit({type: 'volume', action: 'create', id: 'c'});
    await until(() => store.getSnapshot().volumes.length === 3);
    expect(gateway.calls.volumeUsage).toBe(1);
    await until(() => store.getSnapshot().usage?.get('c')?.size === 3);
    expect(gateway.calls.volumeUsage).toBe(2);
  });

  it('stops all work on stop()', async () => {
    vi.useFakeTimers();
    const {gateway, store} = setup({pollMs: 20});
    await store.start();
    await vi.advanceTimersByTimeAsync(50);
    const polled = gateway.calls.listVolumes;
    expect(polled).toBeGreaterThan(1);
    store.stop();
    await afterEveryTimer();
    expect(gateway.calls.listVolumes).toBe(polled);
    expect(gateway.openStreams).toBe(0);
  });
});

describe('LiveStore against a sick engine', () => {
  function sick(options: LiveStoreOptions = {}) {
    const memory = new MemoryGateway({volumes: [volume('a'), volume('b')], usage: usage({a: 1, b: 2})});
    const gateway = new FaultGateway(memory);
    const store = new LiveStore(gateway, {coalesceMs: 20, reconnectMinMs: 10, ...options});
    stores.push(store);
    return {memory, gateway, store};
  }

  it('gives up on a list that never answers, says so, keeps the rows, and lists again on r', async () => {
    const {gateway, store} = sick({listTimeoutMs: 150, pendingNoticeMs: 30});
    await store.start();
    gateway.hang('listContainers');
    const refresh = store.refreshList();
    await until(() => store.getSnapshot().listingSince !== undefined);
    await refresh;
    const snap = store.getSnapshot();
    expect(snap.error).toBe('the list got no answer within 0 s: showing the last one; r tries again');
    expect(snap.listingSince).toBeUndefined();
    expect(snap.volumes).toHaveLength(2);
    // The hung request itself was aborted, not left dangling on the socket.
    expect(gateway.aborted.listContainers).toBe(1);
    expect(gateway.inFlight.listContainers).toBe(0);
    gateway.release('listContainers');
    await store.refreshList();
    expect(store.getSnapshot().error).toBeUndefined();
  });

  it('a quick list never marks itself pending (no extra render)', async () => {
    vi.useFakeTimers();
    const {store} = sick({pendingNoticeMs: 30});
    await store.start();
    // The first size scan follows the first list: its own renders are not the list's.
    await afterEveryTimer();
    expect(store.getSnapshot().usageAt).toBeTypeOf('number');
    let notified = 0;
    store.subscribe(() => notified++);
    await store.refreshList();
    await afterEveryTimer();
    expect(store.getSnapshot().listingSince).toBeUndefined();
    expect(notified).toBe(0);
  });

  it('cancels a size scan that takes minutes; the list stays live meanwhile', async () => {
    const {memory, gateway, store} = sick();
    gateway.hang('volumeUsage');
    await store.start();
    expect(store.getSnapshot().sizingSince).toBeTypeOf('number');
    memory.volumes.push(volume('c'));
    memory.emit({type: 'volume', action: 'create', id: 'c'});
    await until(() => store.getSnapshot().volumes.length === 3);
    store.cancelPending();
    await until(() => store.getSnapshot().sizingSince === undefined);
    expect(store.getSnapshot().error).toBe('size scan cancelled: sizes are from the last scan; r measures again');
    expect(gateway.aborted.volumeUsage).toBe(1);
    gateway.release('volumeUsage');
    await store.refreshAll();
    expect(store.getSnapshot().usage?.get('b')?.size).toBe(2);
  });

  it('gives up on a size scan past its deadline', async () => {
    const {gateway, store} = sick({sizeTimeoutMs: 100});
    gateway.slow('volumeUsage', 10_000);
    await store.start();
    await until(() => store.getSnapshot().sizingSince === undefined);
    expect(store.getSnapshot().error).toMatch(
      /^\/system\/df got no answer within 0 s: sizes are from the last scan; r tries again$/,
    );
    expect(store.getSnapshot().usage).toBeUndefined();
  });
});
