import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {History} from '../../src/local/history/history.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {container, usage, volume} from '../helpers/fixtures.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const ESC = '\u001b';
const TAB = '\t';
const HOUR = 3_600_000;

let current: Rendered | undefined;
const histories: Array<Promise<History>> = [];
afterEach(async () => {
  current?.unmount();
  for (const h of histories.splice(0)) (await h).close();
});

/** A history whose one scan, 20 hours ago, saw db at 10 MB and web-old mounting old-logs. */
async function seeded(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'volscope-ui-history-')), 'history.sqlite');
  const history = await History.open({path});
  const created = volume('x').createdAt;
  history.recordScan('memory:memory://test', 'local', {
    atMs: Date.now() - 20 * HOUR,
    volumes: [
      {name: 'app-data', created, bytes: 1_000_000},
      {name: 'db', created, bytes: 10_000_000},
      {name: 'old-logs', created, bytes: 30_000_000},
    ],
    users: [{volume: 'old-logs', created, id: 'f'.repeat(64), name: 'web-old'}],
  });
  history.close();
  return path;
}

function gateway() {
  return new MemoryGateway({
    volumes: [volume('app-data'), volume('db'), volume('old-logs')],
    containers: [
      container('web-1', 'running', [['app-data', '/data']]),
      container('pg', 'running', [['db', '/var/lib/pg']]),
    ],
    usage: usage({'app-data': 1_000_000, db: 510_000_000, 'old-logs': 30_000_000}),
  });
}

async function start() {
  const path = await seeded();
  const history = History.open({path, busyMs: 0});
  histories.push(history);
  current = renderApp(gateway(), {size: {columns: 120, rows: 24}, history});
  await current.waitFor('▲ 500 MB');
  return current;
}

describe('the size history in the TUI', () => {
  it('shows GROWTH per volume, names the fastest grower on the status line, and W sorts by it', async () => {
    const ui = await start();
    const frame = ui.lastFrame();
    expect(frame).toMatch(/GROWTH/);
    expect(frame).toMatch(/fastest: db ▲ 500 MB in 24h/);
    // Unchanged volumes grew by nothing, not by an unknown amount.
    expect(frame).toMatch(/app-data.*0 B/);
    ui.press('W');
    await ui.waitFor((f) => /GROWTH 24h▼/.test(f));
    const rows = ui
      .lastFrame()
      .split('\n')
      .filter((line) => /app-data|db|old-logs/.test(line));
    expect(rows[0]).toMatch(/^\s*db\b/);
  });

  it('the details show the growth, when it was seen and a sparkline of the size over the window; w changes the window', async () => {
    const ui = await start();
    ui.press('W');
    await ui.waitFor('GROWTH 24h▼');
    ui.press('i');
    const details = await ui.waitFor('Size over 24h');
    expect(details).toMatch(/Growth\s+▲ 500 MB since \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(details).toMatch(/Seen\s+first \d{4}-/);
    expect(details).toMatch(/Size over 24h\s+[▁▂▃▄▅▆▇█ ]+ 10 MB – 510 MB/);
    ui.press('w');
    await ui.waitFor('Size over 7d');
    ui.press(ESC);
    // The header says which window the column measures.
    await ui.waitFor('GROWTH 7d▼');
  });

  it('an unused volume names its last users, in the details and beside it in the prune preview', async () => {
    const ui = await start();
    ui.press('G');
    await ui.waitFor((f) => /old-logs/.test(f));
    ui.press('i');
    const details = await ui.waitFor('Last used by');
    expect(details).toMatch(/Last used by\s+web-old \(gone since \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
    ui.press(ESC);
    await ui.waitFor('GROWTH');
    ui.press('p');
    await ui.waitFor('Prune');
    ui.press(TAB);
    const preview = await ui.waitFor('old-logs');
    expect(preview).toMatch(/old-logs\s+30 MB\s+last used by web-old \(gone since/);
  });

  it('a narrow terminal drops GROWTH before AGE', async () => {
    const ui = await start();
    ui.resize?.(62, 24);
    const narrow = await ui.waitFor((f) => !f.includes('GROWTH'));
    expect(narrow).toMatch(/AGE/);
  });

  it('a state folder that cannot be written turns the history off with one line; the table works as before', async () => {
    const blocked = join(mkdtempSync(join(tmpdir(), 'volscope-ui-history-')), 'a-file');
    writeFileSync(blocked, '');
    const history = History.open({path: join(blocked, 'volscope', 'history.sqlite'), busyMs: 0});
    histories.push(history);
    current = renderApp(gateway(), {size: {columns: 120, rows: 24}, history});
    const frame = await current.waitFor('history off');
    expect(frame).toMatch(/510 MB/);
    expect(frame).not.toMatch(/GROWTH/);
  });
});
