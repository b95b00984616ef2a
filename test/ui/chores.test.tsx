import {afterEach, describe, expect, it} from 'vitest';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {volumeJobs} from '../../src/tui/volume-jobs.js';
import {container, usage, volume} from '../helpers/fixtures.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const ENTER = '\r';
const ESC = '\u001b';
const TAB = '\t';

let current: Rendered | undefined;
afterEach(() => current?.unmount());

function engine(): MemoryGateway {
  const gateway = new MemoryGateway({
    volumes: [
      volume('cache', {labels: {keep: 'me'}}),
      volume('shop_db', {labels: {'com.docker.compose.project': 'shop'}}),
      volume('used'),
    ],
    containers: [container('web', 'running', [['cache', '/cache']]), container('old', 'exited', [['used', '/u']])],
    usage: usage({cache: 5_000_000, shop_db: 1_000_000, used: 10}),
  });
  gateway.contents.set('cache', [
    {path: 'a.bin', type: 'file', content: Buffer.alloc(1000, 1)},
    {path: 'dir', type: 'directory'},
  ]);
  gateway.contents.set('shop_db', [{path: 'db.sqlite', type: 'file', content: Buffer.from('rows')}]);
  return gateway;
}

function start(gateway: MemoryGateway, readOnly = false): Rendered {
  current = renderApp(gateway, {size: {columns: 110, rows: 24}, backups: volumeJobs(gateway, 'img'), readOnly});
  return current;
}

describe('E: empty a volume from the table', () => {
  it('names the volume, its size and what goes; wants the name typed; refuses while a container runs until Tab; then empties and reports', async () => {
    const gateway = engine();
    const ui = start(gateway);
    await ui.waitFor('cache');
    ui.press('E');
    let frame = await ui.waitFor('Empty cache: delete everything inside it (5 MB)?');
    expect(frame).toContain('The volume stays, with its name, driver, options and labels.');
    expect(frame).toContain('In use by web: [ ] not stopped (refused)');
    expect(frame).toContain("Same as: docker run --rm -v cache:/v busybox sh -c 'rm -rf /v/..?* /v/.[!.]* /v/*'");
    ui.press(ENTER);
    await ui.waitFor('Type cache to confirm; nothing is deleted until then.');
    ui.press('cache');
    ui.press(ENTER);
    await ui.waitFor('web uses it now: Tab lets volscope stop it for the duration.');
    expect(gateway.calls.emptyVolume).toBe(0);
    ui.press(TAB);
    await ui.waitFor('[x] stopped for the duration');
    ui.press(ENTER);
    frame = await ui.waitFor('Emptied cache: 2 entries');
    expect(frame.replace(/\s+/g, ' ')).toContain('web stopped for it and started again');
    expect(gateway.contents.get('cache') ?? []).toEqual([]);
    expect(gateway.volumes.find((v) => v.name === 'cache')?.labels).toEqual({keep: 'me'});
    expect(gateway.lifecycle).toEqual(['stop web', 'start web']);
    ui.press(ENTER);
    await ui.waitFor((f) => !f.includes('Emptied'));
  });

  it('Esc cancels and nothing is deleted; under --read-only E does nothing', async () => {
    const gateway = engine();
    const ui = start(gateway);
    await ui.waitFor('cache');
    ui.press('E');
    await ui.waitFor('Empty cache');
    ui.press(ESC);
    await ui.waitFor((f) => !f.includes('Empty cache'));
    expect(gateway.calls.emptyVolume).toBe(0);
    ui.unmount();
    const ro = start(engine(), true);
    await ro.waitFor('cache');
    ro.press('E');
    ro.press('?');
    const help = await ro.waitFor('Keys in the volume table');
    expect(help).not.toContain('Empty the selected volume');
  });
});

describe('M: rename a volume from the table', () => {
  it('refuses up front a volume a container uses (stopped ones too), saying why', async () => {
    const gateway = engine();
    const ui = start(gateway);
    await ui.waitFor('○old');
    // Keys are handled in the order they arrive: M acts on the row G selected.
    ui.press('G');
    ui.press('M');
    const frame = await ui.waitFor('used cannot be renamed while containers use it:');
    expect(frame).toContain('old (exited)');
    ui.press(ENTER);
    expect(gateway.calls.copyVolume).toBe(0);
    ui.press(ESC);
    await ui.waitFor((f) => !f.includes('cannot be renamed'));
  });

  it('says what Compose makes of it, checks the new name, copies, compares and removes the old one', async () => {
    const gateway = engine();
    const ui = start(gateway);
    await ui.waitFor('shop_db');
    ui.press('j');
    ui.press('M');
    let frame = await ui.waitFor('Rename shop_db to:');
    expect(frame).toContain('Compose project shop finds its volumes by name');
    ui.press(ENTER);
    await ui.waitFor('Type the new name.');
    ui.press('\u0015used');
    ui.press(ENTER);
    await ui.waitFor('A volume named used exists already');
    ui.press('\u0015shop_db2');
    ui.press(ENTER);
    frame = await ui.waitFor('Renamed shop_db to shop_db2');
    expect(gateway.volumes.map((v) => v.name).sort()).toEqual(['cache', 'shop_db2', 'used']);
    expect(gateway.volumes.find((v) => v.name === 'shop_db2')?.labels).toEqual({'com.docker.compose.project': 'shop'});
    expect(gateway.contents.get('shop_db2')?.map((e) => e.path)).toEqual(['db.sqlite']);
    ui.press(ENTER);
    await ui.waitFor((f) => f.includes('shop_db2') && !f.includes('Renamed'));
  });
});
