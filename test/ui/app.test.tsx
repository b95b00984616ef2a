import {afterEach, describe, expect, it} from 'vitest';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {HEX, container, manyVolumes, usage, volume} from '../helpers/fixtures.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const DOWN = '\u001b[B';
const ESC = '\u001b';
let current: Rendered | undefined;
afterEach(() => current?.unmount());

function demoGateway() {
  return new MemoryGateway({
    volumes: [
      volume('postgres-data', {labels: {'com.docker.compose.project': 'shop', tier: 'db'}}),
      volume('redis-cache'),
      volume(HEX, {labels: {'com.docker.volume.anonymous': ''}}),
      volume('old-backups', {createdAt: '2025-01-01T00:00:00Z'}),
    ],
    containers: [
      container('shop-db-1', 'running', [['postgres-data', '/var/lib/postgresql/data']]),
      container('redis', 'exited', [['redis-cache', '/data', true]]),
    ],
    usage: usage({
      'postgres-data': 1_200_000_000,
      'redis-cache': 5_000_000,
      [HEX]: 100_000,
      'old-backups': 800_000_000,
    }),
  });
}

const start = async (gateway = demoGateway(), opts = {}) => {
  current = renderApp(gateway, opts);
  await current.waitFor((f) => f.includes('postgres-data') && f.includes('1.2 GB'));
  return current;
};
const rowOrder = (frame: string, names: string[]) => names.map((n) => frame.indexOf(n));
const _selectedLine = (ui: Rendered) =>
  ui
    .lastFrame()
    .split('\n')
    .find((l) => l.includes('\u001b[7m'));

describe('volume table', () => {
  it('shows each volume with size, containers, project, and the status line', async () => {
    const ui = await start();
    const frame = ui.lastFrame();
    expect(frame).toMatch(/NAME▲\s+DRIVER\s+SIZE\s+CONTAINERS\s+PROJECT\s+AGE/);
    expect(frame).toMatch(/postgres-data\s+local\s+1\.2 GB\s+●shop-db-1\s+shop/);
    expect(frame).toMatch(/redis-cache\s+local\s+5 MB\s+○redis/);
    expect(frame).toContain(`◌ ${HEX.slice(0, 12)}`);
    expect(frame).not.toContain(HEX);
    expect(frame).toMatch(/4 volumes · 2 unused · 2 GB total · 800\.1 MB reclaimable/);
    expect(frame).toMatch(/reclaimable │ sizes at \d\d:\d\d:\d\d │ ● live memory:\/\/test/);
    expect(frame).toMatch(/i details.*\/ filter.*\? help.*q quit/);
  });

  it('shows … for sizes until the first scan finishes, without blocking the list', async () => {
    const gateway = demoGateway();
    const hold = gateway.holdUsage();
    current = renderApp(gateway);
    const frame = await current.waitFor('postgres-data');
    expect(frame).toMatch(/postgres-data\s+local\s+…/);
    expect(frame).toContain('sizing…');
    hold.release();
    await current.waitFor('1.2 GB');
  });

  it('moves the selection with j/k and arrows; a sort goes to the top of the new order', async () => {
    const ui = await start();
    const before = ui.frames();
    ui.press('j');
    // A frame is drawn only when the state changed: a new one means j moved the selection.
    await ui.waitFor(() => ui.frames() > before);
    ui.press(DOWN);
    ui.press('S');
    const frame = await ui.waitFor('SIZE▼');
    expect(rowOrder(frame, ['postgres-data', 'old-backups', 'redis-cache'])).toEqual(
      [...rowOrder(frame, ['postgres-data', 'old-backups', 'redis-cache'])].sort((a, b) => a - b),
    );
    ui.press('j');
    ui.press('i');
    // The cursor went to the largest volume (postgres-data) on S; one down is old-backups.
    await ui.waitFor('Volume old-backups');
  });

  it('filters as you type over names, labels and containers; Enter keeps, Esc clears', async () => {
    const ui = await start();
    ui.press('/redi');
    let frame = await ui.waitFor('/redi');
    expect(frame).toContain('redis-cache');
    expect(frame).not.toContain('postgres-data');
    expect(frame).toContain('1 of 4 shown');
    ui.press('\u007f\u007f\u007f\u007ftier=db\r');
    frame = await ui.waitFor((f) => f.includes('/tier=db') && !f.includes('Enter keeps'));
    expect(frame).toContain('postgres-data');
    expect(frame).not.toContain('redis-cache');
    ui.press(ESC);
    frame = await ui.waitFor((f) => f.includes('redis-cache') && f.includes('postgres-data'));
    expect(frame).not.toContain('/tier');
  });

  it('says so when nothing matches', async () => {
    const ui = await start();
    ui.press('/zzz');
    await ui.waitFor('None of 4 volumes match "zzz"');
  });

  it('sorts by name, size, age and containers; again reverses', async () => {
    const ui = await start();
    ui.press('C');
    let frame = await ui.waitFor('CONTAINERS▼');
    expect(frame.indexOf('postgres-data')).toBeLessThan(frame.indexOf('old-backups'));
    ui.press('N');
    frame = await ui.waitFor('NAME▲');
    ui.press('N');
    frame = await ui.waitFor('NAME▼');
    expect(frame.indexOf('redis-cache')).toBeLessThan(frame.indexOf('old-backups'));
    ui.press('A');
    frame = await ui.waitFor('AGE▲');
    expect(frame.indexOf('redis-cache')).toBeLessThan(frame.indexOf('old-backups'));
  });

  it('toggles unused only', async () => {
    const ui = await start();
    ui.press('u');
    const frame = await ui.waitFor('[unused only]');
    expect(frame).toContain('old-backups');
    expect(frame).not.toContain('postgres-data');
  });

  it('opens details with every field and the containers with mount path and mode', async () => {
    const ui = await start();
    ui.press('ji');
    let frame = await ui.waitFor('Volume old-backups');
    ui.press(`${ESC}jjji`);
    frame = await ui.waitFor('Volume redis-cache');
    expect(frame).toMatch(/Mountpoint\s+\/var\/lib\/docker\/volumes\/redis-cache\/_data/);
    expect(frame).toMatch(/Size\s+5 MB \(5,000,000 bytes\)/);
    expect(frame).toMatch(/References\s+0/);
    expect(frame).toMatch(/redis\s+exited\s+\/data \(ro\)/);
    ui.press(ESC);
    await ui.waitFor('NAME▲');
  });

  it('shows the help generated from the keymap, whole descriptions, scrolled with j/k and G; Esc closes it', async () => {
    const ui = await start();
    ui.press('?');
    let frame = await ui.waitFor('Keys in the volume table: Esc or ? closes this help');
    expect(frame).toContain('Move up one row');
    expect(frame).toMatch(/… \d+ more \(j\/k, PgUp\/PgDn scroll\)/);
    ui.press('G');
    frame = await ui.waitFor('the end');
    expect(frame).toContain('Sort by size (again: reverse)');
    expect(frame).toContain('Ctrl+C');
    expect(frame).not.toContain('Move up one row');
    ui.press('g');
    await ui.waitFor('Move up one row');
    ui.press(ESC);
    await ui.waitFor('NAME▲');
  });

  it('quits on q and on Ctrl+C, even while typing a filter', async () => {
    const ui = await start();
    ui.press('q');
    await ui.waitFor(() => ui.quitCalls() === 1);
    const other = renderApp(demoGateway());
    await other.waitFor('postgres-data');
    other.press('/q\u0003');
    await other.waitFor(() => other.quitCalls() === 1);
    other.unmount();
  });

  it('shows escape sequences in names and labels escaped, never raw', async () => {
    const gateway = new MemoryGateway({
      volumes: [volume('evil', {labels: {x: '\u001b]2;pwned\u0007'}})],
      containers: [container('c\u001b[2J', 'running', [['evil', '/e']])],
    });
    const ui = renderApp(gateway);
    current = ui;
    const frame = await ui.waitFor('evil');
    expect(frame).toContain('●c\\e[2J');
    expect(frame).not.toContain('\u001b[2J');
    ui.press('i');
    const details = await ui.waitFor('Volume evil');
    expect(details).toContain('\\e]2;pwned\\x07');
  });

  it('shows a volume created from outside without a keypress', async () => {
    const gateway = demoGateway();
    const ui = await start(gateway);
    gateway.volumes.push(volume('arrived-live'));
    gateway.emit({type: 'volume', action: 'create', id: 'arrived-live'});
    await ui.waitFor('arrived-live');
  });

  it('shows the engine going away as a state and keeps the rows', async () => {
    const gateway = demoGateway();
    const ui = await start(gateway);
    gateway.failNext('subscribeEvents', Object.assign(new Error('connect ENOENT'), {code: 'ENOENT'}));
    gateway.dropEvents(new Error('socket hang up'));
    const frame = await ui.waitFor('disconnected, retrying');
    expect(frame).toContain('postgres-data');
    expect(frame).toContain('lost the engine: socket hang up');
    await ui.waitFor('● live');
  });

  it('y copies the selected name through the terminal and says so; Ctrl+Z suspends and the screen comes back whole', async () => {
    const copied: string[] = [];
    let resume: (() => void) | undefined;
    const ui = await start(demoGateway(), {
      terminal: {
        copy: (text: string) => (copied.push(text), true),
        suspend: (onResume: () => void) => (resume = onResume),
      },
    });
    ui.press('y');
    await ui.waitFor('Copied');
    expect(copied).toHaveLength(1);
    expect(ui.lastFrame()).toContain(`Copied ${copied[0]} to the clipboard`);
    ui.press('j');
    await ui.waitFor((f) => !f.includes('Copied'));
    ui.press('\u001a');
    // The request goes key -> reducer -> effect -> terminal: wait for it, a fixed sleep lost the race under load.
    await ui.waitFor(() => resume !== undefined);
    const frames = ui.frames();
    resume!();
    // A blank frame, then the whole screen again.
    await ui.waitFor((f) => f.includes('postgres-data') && ui.frames() >= frames + 2);
  });

  it('draws only on change: a key that changes nothing draws no frame (keys are handled in order)', async () => {
    const ui = await start();
    await ui.waitFor('sizes at');
    const before = ui.frames();
    ui.press('k'); // already at the top: no change, no frame
    ui.press('j'); // the next key moves: one frame, and it comes after k was handled
    await ui.waitFor(() => ui.frames() > before);
    expect(ui.frames()).toBe(before + 1);
    // Idle cost (requests and CPU a minute with nothing happening) is a budget in the bench (npm run bench).
  });
});

describe('small terminals, ASCII and resize', () => {
  it('is usable at 60x15: core columns, status line, selection visible', async () => {
    const ui = renderApp(demoGateway(), {size: {columns: 60, rows: 15}});
    current = ui;
    const frame = await ui.waitFor('1.2 GB');
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(14);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(frame).toMatch(/NAME▲\s+SIZE\s+CONTAINERS\s+AGE/);
    expect(frame).not.toContain('DRIVER');
    expect(frame).toContain('4 volumes');
  });

  it('redraws for the new size on resize', async () => {
    const ui = renderApp(demoGateway(), {size: {columns: 60, rows: 15}});
    current = ui;
    await ui.waitFor('1.2 GB');
    ui.resize!(120, 30);
    await ui.waitFor('DRIVER');
  });

  it('falls back to ASCII symbols', async () => {
    const ui = renderApp(demoGateway(), {ascii: true});
    current = ui;
    const frame = await ui.waitFor('1.2 GB');
    expect(frame).toContain('*shop-db-1');
    expect(frame).toContain('-redis');
    expect(frame).toContain('NAME^');
    expect(frame).not.toMatch(/[─●○◌▲…│]/);
  });
});

describe('10,000 volumes', () => {
  it('renders only the visible window and navigates to the end and back', async () => {
    const {volumes, usage: sizes} = manyVolumes(10_000);
    const ui = renderApp(new MemoryGateway({volumes, usage: sizes}));
    current = ui;
    let frame = await ui.waitFor('10000 volumes');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    // How fast (keypress to frame at 10,000 rows) is a budget in the bench: bench/keypress.js.
    ui.press('G');
    frame = await ui.waitFor('vol-09999');
    expect(frame).not.toContain('vol-00000');
    ui.press('g');
    await ui.waitFor('vol-00000');
    ui.press('S');
    // A sort shows the top of the new order: the largest volumes, not the selected smallest one.
    frame = await ui.waitFor((f) => f.includes('SIZE▼') && (f.split('\n')[2]?.includes('vol-09999') ?? false));
    expect(frame).not.toContain('vol-00000');
  });
});
