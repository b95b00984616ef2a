import {afterEach, describe, expect, it, vi} from 'vitest';
import {MemoryFileService} from '../../src/testing/memory-files.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {container, volume} from '../helpers/fixtures.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const ENTER = '\r';
const ESC = '\u001b';

let current: Rendered | undefined;
afterEach(() => current?.unmount());

function setup() {
  const web = {
    ...container('shop-web-1', 'running', [['shop_data', '/data']]),
    composeProject: 'shop',
    hostMounts: [
      {type: 'bind' as const, source: '/srv/shop/conf', destination: '/etc/conf', readOnly: true},
      {type: 'tmpfs' as const, source: null, destination: '/run/cache', readOnly: false},
    ],
  };
  const worker = {
    ...container('shop-worker-1', 'exited', []),
    composeProject: 'shop',
    hostMounts: [{type: 'bind' as const, source: '/srv/shop/conf', destination: '/conf', readOnly: false}],
  };
  const lone = {
    ...container('lone', 'running', []),
    hostMounts: [{type: 'bind' as const, source: '/gone/path', destination: '/x', readOnly: false}],
  };
  const gateway = new MemoryGateway({volumes: [volume('shop_data')], containers: [web, worker, lone]});
  gateway.tmpfs.set(web.id, [
    {destination: '/run/cache', sizeBytes: 64 * 1024 * 1024, mode: '1770', options: 'size=64m,mode=1770'},
  ]);
  gateway.tmpfs.set(lone.id, [{destination: '/scratch', options: ''}]);
  const files = new MemoryFileService({});
  files.binds['/srv/shop/conf'] = [
    {name: 'app.ini', content: 'port = 8080\n'},
    {name: 'big.bin', size: 3_000_000},
  ];
  current = renderApp(gateway, {size: {columns: 120, rows: 24}, files});
  return {ui: current, gateway, files};
}

describe('m: bind mounts and tmpfs beside the volumes', () => {
  it('lists every bind source with its containers and project, tmpfs with limit and mode (--tmpfs too), a missing source as missing', async () => {
    const {ui, gateway} = setup();
    await ui.waitFor('shop_data');
    ui.press('m');
    const frame = await ui.waitFor((f) => f.includes('missing') && f.includes('mode 1770'));
    expect(frame).toMatch(/bind\s+\/gone\/path\s+missing\s+●lone:\/x/);
    expect(frame).toMatch(/bind\s+\/srv\/shop\/conf\s+press s\s+●shop-web-1:\/etc\/conf\(ro\) \+1\s+shop/);
    expect(frame).toMatch(/tmpfs\s+in memory, mode 1770\s+≤67.1 MB\s+●shop-web-1:\/run\/cache\s+shop/);
    // Only inspect knows a --tmpfs mount.
    expect(frame).toMatch(/tmpfs\s+in memory\s+no limit\s+●lone:\/scratch/);
    expect(frame).toContain('2 bind sources, 2 tmpfs');
    // Each container inspected once, however often the view redraws.
    expect(gateway.inspected).toBe(3);
    ui.press('j');
    const detail = await ui.waitFor('project shop');
    expect(detail).toContain('● shop-web-1  running  /etc/conf (ro)  project shop');
    expect(detail).toContain('○ shop-worker-1  exited  /conf (rw)  project shop');
  });

  it('measures a bind source on s, browses it read-only on Enter and comes back to the mounts; a missing one is not browsed', async () => {
    const {ui, files} = setup();
    await ui.waitFor('shop_data');
    ui.press('m');
    await ui.waitFor('missing');
    ui.press('s');
    // The missing path is first: nothing to measure, nothing opened.
    ui.press(ENTER);
    await ui.waitFor("/gone/path no longer exists on the engine's host");
    expect(files.opened).toEqual([]);
    ui.press('j');
    ui.press('s');
    await ui.waitFor(/\/srv\/shop\/conf\s+3 MB/);
    ui.press(ENTER);
    const browsing = await ui.waitFor('app.ini');
    expect(browsing).toContain('/srv/shop/conf');
    expect(files.opened.at(-1)).toBe('bind:/srv/shop/conf');
    ui.press(ESC);
    await ui.waitFor('2 bind sources');
    ui.press(ESC);
    await ui.waitFor('DRIVER');
  });

  it('r asks again even while the first probe is out: its answer, from before the source went, is dropped', async () => {
    const {ui, files} = setup();
    const held: {answer: Map<string, boolean>; release: () => void}[] = [];
    files.probeBinds = async (paths) => {
      // Answers as of the moment asked, released when the test says so.
      const answer = new Map(paths.map((path) => [path, path in files.binds]));
      await new Promise<void>((release) => held.push({answer, release}));
      return answer;
    };
    await ui.waitFor('shop_data');
    ui.press('m');
    await ui.waitFor('2 bind sources');
    await vi.waitFor(() => expect(held).toHaveLength(1));
    delete files.binds['/srv/shop/conf'];
    ui.press('r');
    await vi.waitFor(() => expect(held).toHaveLength(2));
    held[0]!.release();
    held[1]!.release();
    const frame = await ui.waitFor((f) => /\/srv\/shop\/conf\s+missing/.test(f));
    expect(frame).toMatch(/\/gone\/path\s+missing/);
    expect(held[0]!.answer.get('/srv/shop/conf')).toBe(true);
  });

  it('shows … while a source is being checked; s measures it meanwhile, and the late "still there" keeps the size', async () => {
    const {ui, files} = setup();
    const held: (() => void)[] = [];
    const probe = files.probeBinds.bind(files);
    files.probeBinds = async (paths) => {
      await new Promise<void>((release) => held.push(release));
      return probe(paths);
    };
    await ui.waitFor('shop_data');
    ui.press('m');
    await ui.waitFor(/\/srv\/shop\/conf\s+…/);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    // /gone/path sorts first.
    ui.press('j');
    ui.press('s');
    await ui.waitFor(/\/srv\/shop\/conf\s+3 MB/);
    held[0]!();
    const frame = await ui.waitFor(/\/gone\/path\s+missing/);
    expect(frame).toMatch(/\/srv\/shop\/conf\s+3 MB/);
  });

  it('is live: a container created with a new bind shows up', async () => {
    const {ui, gateway} = setup();
    await ui.waitFor('shop_data');
    ui.press('m');
    await ui.waitFor('missing');
    const added = {
      ...container('late', 'running', []),
      hostMounts: [{type: 'bind' as const, source: '/late/dir', destination: '/l', readOnly: true}],
    };
    gateway.containers = [...gateway.containers, added];
    gateway.emit({type: 'container', action: 'create', id: added.id});
    await ui.waitFor('/late/dir');
  });
});

describe("the mounts view's own filter", () => {
  it("narrows by path, container or project; Esc clears it, then goes back; the volume table's filter is untouched", async () => {
    const {ui} = setup();
    await ui.waitFor('shop_data');
    ui.press('m');
    await ui.waitFor('missing');
    ui.press('/lone');
    let frame = await ui.waitFor('2 of 4 shown');
    expect(frame).not.toContain('/srv/shop/conf');
    ui.press('\r');
    frame = await ui.waitFor((f) => f.includes('2 of 4 shown') && !f.includes('Enter keeps'));
    ui.press(ESC);
    await ui.waitFor('/srv/shop/conf');
    ui.press(ESC);
    frame = await ui.waitFor('DRIVER');
    expect(frame).not.toContain('shown');
  });
});
