import {afterEach, describe, expect, it} from 'vitest';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {HEX, container, usage, volume} from '../helpers/fixtures.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const DOWN = '\u001b[B';
const RIGHT = '\u001b[C';
const ENTER = '\r';
const _ESC = '\u001b';
const TAB = '\t';
const ANON2 = 'c'.repeat(64);

let current: Rendered | undefined;
afterEach(() => current?.unmount());

function gateway(readOnly = false) {
  return new MemoryGateway({
    readOnly,
    volumes: [
      volume('app-data'),
      volume('cache'),
      volume('old-logs'),
      volume(HEX, {labels: {'com.docker.volume.anonymous': ''}}),
      volume(ANON2, {labels: {'com.docker.volume.anonymous': ''}}),
    ],
    containers: [container('web-1', 'running', [['app-data', '/data']]), container('job', 'exited', [[ANON2, '/x']])],
    usage: usage({'app-data': 5_000_000, cache: 2_000_000, 'old-logs': 30_000_000, [HEX]: 700_000, [ANON2]: 1_000}),
  });
}

async function start(g = gateway(), opts: {readOnly?: boolean} = {}) {
  current = renderApp(g, {size: {columns: 110, rows: 24}, ...opts});
  await current.waitFor('30 MB');
  return {ui: current, g};
}

/** Rows are sorted by name: the anonymous aaaa…, app-data, cache, the anonymous cccc…, old-logs. */
describe('clean-up in the TUI', () => {
  it('d on a volume in use says which containers hold it and what would free it, and tries nothing', async () => {
    const {ui, g} = await start();
    ui.press(DOWN);
    ui.press('d');
    const frame = await ui.waitFor('cannot be removed');
    expect(frame).toContain(
      'app-data is used by web-1 (running). To free it, remove that container first (`docker rm -f web-1`).',
    );
    ui.press(ENTER);
    await ui.waitFor((f) => !f.includes('cannot be removed'));
    expect(g.calls.removeVolume).toBe(0);
  });

  it('d asks with the name, size and docker command, Cancel focused: Enter cancels, → then Enter removes', async () => {
    const {ui, g} = await start();
    ui.press(DOWN);
    ui.press(DOWN);
    ui.press('d');
    const frame = await ui.waitFor('Remove volume cache?');
    expect(frame).toMatch(/cache\s+2 MB/);
    expect(frame).toContain('Same as: docker volume rm cache');
    ui.press(ENTER);
    await ui.waitFor((f) => !f.includes('Remove volume cache?'));
    expect(g.calls.removeVolume).toBe(0);
    ui.press('d');
    await ui.waitFor('Remove volume cache?');
    ui.press(RIGHT);
    ui.press(ENTER);
    await ui.waitFor('Removed 1 of 1 volume, reclaimed 2 MB.');
    expect(g.removed).toEqual(['cache']);
    ui.press(ENTER);
    await ui.waitFor((f) => !f.includes('cache') && f.includes('old-logs'));
  });

  it('marks: Space marks, the status line counts them with their size, d confirms them all, holders kept out', async () => {
    const {ui, g} = await start();
    ui.press(DOWN);
    ui.press(' ');
    ui.press(DOWN);
    ui.press(' ');
    ui.press('G');
    ui.press(' ');
    const frame = await ui.waitFor('3 marked');
    expect(frame).toContain('3 marked (37 MB)');
    expect(frame).toMatch(/✓ cache/);
    ui.press('d');
    const dialog = await ui.waitFor('Remove 2 volumes?');
    expect(dialog).toContain('app-data │ kept: in use by web-1 (running)');
    expect(dialog).toContain('Total: 32 MB');
    expect(dialog).toContain('Same as: docker volume rm cache old-logs');
    ui.press(RIGHT);
    ui.press(ENTER);
    await ui.waitFor('Removed 2 of 2 volumes, reclaimed 32 MB.');
    expect(g.removed).toEqual(['cache', 'old-logs']);
  });

  it('a marks every row shown (after a filter), U unmarks all', async () => {
    const {ui} = await start();
    ui.press('/');
    ui.press('a');
    ui.press(ENTER);
    await ui.waitFor('4 of 5 shown');
    ui.press('a');
    await ui.waitFor('4 marked');
    ui.press('U');
    await ui.waitFor((f) => !f.includes('marked'));
  });

  it('p previews exactly the unused anonymous volumes; Tab switches to all unused, which needs the word prune', async () => {
    const {ui, g} = await start();
    ui.press('p');
    let frame = await ui.waitFor('Prune: 1 volume would be removed');
    expect(frame).toContain(HEX);
    expect(frame).not.toContain(ANON2);
    expect(frame).toContain('Same as: docker volume prune ');
    ui.press(TAB);
    frame = await ui.waitFor('Prune: 3 volumes would be removed');
    expect(frame).toMatch(/old-logs\s+30 MB/);
    expect(frame).toContain('Total: 32.7 MB');
    expect(frame).toContain('docker volume prune --all');
    ui.press(ENTER);
    ui.press('prun');
    ui.press(ENTER);
    await ui.waitFor('Type prune to remove 3: prun');
    expect(g.calls.removeVolume).toBe(0);
    ui.press('e');
    ui.press(ENTER);
    await ui.waitFor('Removed 3 of 3 volumes, reclaimed 32.7 MB.');
    expect(g.removed.sort()).toEqual(['cache', 'old-logs', HEX].sort());
  });

  it('a volume that gained a container after the preview is kept and reported', async () => {
    const {ui, g} = await start();
    ui.press('p');
    await ui.waitFor('Prune: 1 volume');
    // Attached behind volscope's back, before the user confirms (no event reaches the store).
    g.containers = [...g.containers, container('late', 'created', [[HEX, '/late']])];
    ui.press(RIGHT);
    ui.press(ENTER);
    const frame = await ui.waitFor('skipped 1');
    expect(frame).toContain('in use by late (attached since the list');
    expect(g.removed).toEqual([]);
  });

  it('n creates a volume: the name is checked first, the engine decides the rest', async () => {
    const {ui, g} = await start();
    ui.press('n');
    await ui.waitFor('New volume');
    ui.press('-bad name');
    ui.press(ENTER);
    await ui.waitFor('Only letters, digits');
    ui.press('\u0015');
    ui.press('fresh-vol');
    ui.press(TAB);
    ui.press(TAB);
    ui.press('team=ops, tier=db');
    ui.press(ENTER);
    await ui.waitFor((f) => !f.includes('New volume') && f.includes('fresh-vol'));
    expect(g.volumes.find((v) => v.name === 'fresh-vol')?.labels).toEqual({team: 'ops', tier: 'db'});
  });

  it("n shows the engine's own words when it refuses, and keeps what was typed", async () => {
    const {ui, g} = await start();
    g.failNext(
      'createVolume',
      Object.assign(new Error('HTTP 404'), {statusCode: 404, json: {message: 'create fresh: plugin "nope" not found'}}),
    );
    ui.press('n');
    ui.press('fresh');
    ui.press(TAB);
    ui.press('\u0015');
    ui.press('nope');
    ui.press(ENTER);
    const frame = await ui.waitFor('The engine refused: create fresh: plugin "nope" not found');
    expect(frame).toMatch(/Name\s+fresh/);
    expect(frame).toMatch(/Driver\s+nope/);
  });

  it('--read-only: no destructive key, none in help or hints, and the gateway refuses anyway', async () => {
    const g = gateway(true);
    const {ui} = await start(g, {readOnly: true});
    // Keys are handled in order: once the help for the table is up, the five before it were handled
    // (a dialog they had opened would have taken the help's context).
    for (const key of [' ', 'd', 'p', 'n', 'a']) ui.press(key);
    ui.press('?');
    const help = await ui.waitFor('Keys in the volume table');
    ui.press('?');
    const frame = await ui.waitFor((f) => !f.includes('Keys in the volume table'));
    expect(frame).not.toMatch(/marked|Remove|Prune|New volume/);
    expect(frame).not.toMatch(/d remove|p prune|Space mark/);
    expect(help).not.toMatch(/Remove the selected|Prune|Create a volume|Mark/);
    await expect(g.removeVolume('cache')).rejects.toThrow(/read-only/);
  });
});
