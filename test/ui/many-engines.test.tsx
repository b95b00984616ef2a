import {afterEach, describe, expect, it} from 'vitest';
import type {EventHandlers, Subscription} from '../../src/docker/gateway.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {volumeJobs} from '../../src/tui/volume-jobs.js';
import {container, usage, volume} from '../helpers/fixtures.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const RIGHT = '\u001b[C';
const ENTER = '\r';
const ESC = '\u001b';

/** An engine that never answers: every list is refused, the event stream closes at once. */
class DeadGateway extends MemoryGateway {
  override listVolumes(): never {
    throw Object.assign(new Error('connect ECONNREFUSED /run/dead.sock'), {
      code: 'ECONNREFUSED',
      address: '/run/dead.sock',
    });
  }
  override listContainers(): never {
    throw Object.assign(new Error('connect ECONNREFUSED /run/dead.sock'), {
      code: 'ECONNREFUSED',
      address: '/run/dead.sock',
    });
  }
  override subscribeEvents(handlers: EventHandlers): Subscription {
    const timer = setTimeout(
      () => handlers.onClose(Object.assign(new Error('connect ECONNREFUSED /run/dead.sock'), {code: 'ECONNREFUSED'})),
      5,
    );
    return {close: () => clearTimeout(timer)};
  }
}
const dead = new DeadGateway({volumes: [volume('never-seen')]});

let current: Rendered | undefined;
afterEach(() => current?.unmount());

/** Two engines that each hold a `db_data`: a name alone is ambiguous, the engine decides. */
function engines() {
  const local = new MemoryGateway({
    volumes: [volume('db_data'), volume('only-local')],
    usage: usage({db_data: 1_000_000, 'only-local': 2_000_000}),
  });
  const prod = new MemoryGateway({
    volumes: [volume('db_data'), volume('prod-cache')],
    containers: [container('api', 'running', [['prod-cache', '/c']])],
    usage: usage({db_data: 40_000_000, 'prod-cache': 3_000_000}),
  });
  return {local, prod};
}

async function start() {
  const {local, prod} = engines();
  current = renderApp(local, {size: {columns: 110, rows: 22}, more: [{name: 'prod', gateway: prod}]});
  await current.waitFor((f) => f.includes('40 MB') && f.includes('only-local'));
  return {ui: current, local, prod};
}

describe('several engines in one table', () => {
  it('shows an ENGINE column, totals across engines, and a filter that matches the engine', async () => {
    const {ui} = await start();
    const frame = ui.lastFrame();
    expect(frame).toMatch(/ENGINE\s+NAME/);
    expect(frame).toMatch(/local\s+db_data/);
    expect(frame).toMatch(/prod\s+db_data/);
    expect(frame).toContain('4 volumes');
    expect(frame).toContain('46 MB total');
    expect(frame).toContain('2 of 2 engines live');
    ui.press('/prod');
    const filtered = await ui.waitFor((f) => !/local\s+db_data/.test(f));
    expect(filtered).toMatch(/prod\s+db_data/);
    expect(filtered).toMatch(/prod\s+prod-cache/);
  });

  it('sorts by engine with H', async () => {
    const {ui} = await start();
    ui.press('H');
    await ui.waitFor('ENGINE▲');
    ui.press('H');
    const frame = await ui.waitFor('ENGINE▼');
    expect(frame.indexOf('prod ')).toBeLessThan(frame.indexOf('local '));
  });

  it("removes on the row's engine only: the same name on the other engine stays", async () => {
    const {ui, local, prod} = await start();
    // Sorted by name, then engine: local's db_data first, prod's second.
    ui.press('j');
    ui.press('d');
    const asked = await ui.waitFor('Remove volume prod:db_data?');
    expect(asked).toContain('docker --context prod volume rm db_data');
    ui.press(RIGHT);
    ui.press(ENTER);
    await ui.waitFor('Removed 1 of 1 volume');
    expect((await prod.listVolumes()).map((v) => v.name)).toEqual(['prod-cache']);
    expect((await local.listVolumes()).map((v) => v.name).sort()).toEqual(['db_data', 'only-local']);
  });

  it('confirms a mixed selection grouped by engine, each group with its own docker command', async () => {
    const {ui, local, prod} = await start();
    ui.press(' ');
    ui.press('j');
    ui.press(' ');
    ui.press('d');
    const asked = await ui.waitFor('Remove 2 volumes on 2 engines?');
    expect(asked).toContain('local │ same as: docker --context local volume rm db_data');
    expect(asked).toContain('prod │ same as: docker --context prod volume rm db_data');
    ui.press(RIGHT);
    ui.press(ENTER);
    await ui.waitFor('Removed 2 of 2 volumes');
    expect((await local.listVolumes()).map((v) => v.name)).toEqual(['only-local']);
    expect((await prod.listVolumes()).map((v) => v.name)).toEqual(['prod-cache']);
  });

  it('previews a prune per engine, each by its own rule', async () => {
    const {ui} = await start();
    ui.press('p');
    ui.press('\t');
    const frame = await ui.waitFor('Scope: ( ) anonymous');
    expect(frame).toContain('3 volumes would be removed (2 engines, each by its own rule)');
    expect(frame).toContain('docker --context local volume prune --all');
    expect(frame).toContain('docker --context prod volume prune --all');
    // prod-cache is in use on prod: never a candidate.
    expect(frame).not.toContain('prod-cache');
    ui.press(ESC);
  });

  it('keeps the other engine live and the keys working while one does not answer, and names it', async () => {
    const {local} = engines();
    current = renderApp(local, {size: {columns: 110, rows: 22}, more: [{name: 'staging', gateway: dead}]});
    const frame = await current.waitFor('1 of 2 engines down');
    expect(frame).toMatch(/✕ staging: unreachable/);
    expect(frame).toMatch(/local\s+db_data/);
    current.press('j');
    await current.waitFor((f) => f.includes('only-local'));
    current.press('/only');
    await current.waitFor((f) => !f.includes('db_data'));
  });
});

describe('a clone to another engine from the TUI', () => {
  it('Ctrl+T picks the target engine; the copy lands there, verified', async () => {
    const {local, prod} = engines();
    local.contents.set('only-local', [{path: 'hello.txt', type: 'file', content: Buffer.from('hello')}]);
    current = renderApp(local, {
      size: {columns: 110, rows: 22},
      more: [{name: 'prod', gateway: prod, backups: volumeJobs(prod, 'img')}],
      backups: volumeJobs(local, 'img', (name) => (name === 'prod' ? prod : undefined)),
    });
    await current.waitFor('only-local');
    current.press('G');
    current.press('k');
    current.press('c');
    await current.waitFor('Clone local:only-local into a new volume on local named:');
    current.press('\u0014');
    await current.waitFor('into a new volume on prod named:');
    current.press(ENTER);
    const done = await current.waitFor('Cloned', 5000);
    expect(done.replace(/\s+/g, ' ')).toMatch(
      /Cloned only-local into prod:only-local-copy .*verified: 1 entry equal on both ends/,
    );
    expect(prod.contents.get('only-local-copy')?.map((e) => e.path)).toEqual(['hello.txt']);
    expect(local.volumes.map((v) => v.name)).not.toContain('only-local-copy');
  });

  it('Esc while it streams cancels it, and the target it created is removed again', async () => {
    const {local, prod} = engines();
    local.contents.set('only-local', [{path: 'big.bin', type: 'file', content: Buffer.alloc(64 * 1024 * 1024, 1)}]);
    // The target waits for the cancel (5 s at most): Esc surely arrives while the tar streams, however
    // slowly this machine parses a lone Esc (a fixed 300 ms let a fast copy finish first on Node 24 in CI).
    const unpack = prod.restoreIntoVolume.bind(prod);
    prod.restoreIntoVolume = async (name, image, body, signal) => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), {once: true});
      });
      return unpack(name, image, body, signal);
    };
    current = renderApp(local, {
      size: {columns: 110, rows: 22},
      more: [{name: 'prod', gateway: prod}],
      backups: volumeJobs(local, 'img', () => prod),
    });
    await current.waitFor('only-local');
    current.press('G');
    current.press('k');
    current.press('c');
    await current.waitFor('named:');
    current.press('\u0014');
    current.press(ENTER);
    await current.waitFor('Cloning local:only-local');
    current.press(ESC);
    const result = await current.waitFor('Clone failed', 10_000);
    expect(result).toContain('Clone cancelled: only-local-copy was removed again.');
    expect(prod.volumes.map((v) => v.name)).not.toContain('only-local-copy');
  });
});
