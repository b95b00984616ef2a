import chalk from 'chalk';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {MemoryFileService, type MemoryNode} from '../../src/testing/memory-files.js';
import {volumeJobs} from '../../src/tui/volume-jobs.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {volume} from '../helpers/fixtures.js';
import {KEYS} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const {down: DOWN, enter: ENTER, esc: ESC, left: LEFT, backspace: BACKSPACE} = KEYS;

let current: Rendered | undefined;
afterEach(() => current?.unmount());
// The selected row is drawn inverse; with no TTY chalk would draw no styles at all.
beforeAll(() => {
  chalk.level = 1;
});

const TREE: MemoryNode[] = [
  {
    name: 'docs',
    children: [
      {name: 'readme.txt', content: 'line one\nline two\n'},
      {name: 'sub', children: []},
    ],
  },
  {
    name: 'logs',
    children: [
      {name: 'app.log', content: 'x'.repeat(50_000)},
      {name: 'old.log', content: 'y'.repeat(200_000)},
    ],
  },
  {name: 'notes.txt', content: 'hello notes\n'},
  {name: 'evil\u001b]2;PWNED\u0007.txt', content: 'before \u001b]2;PWNED\u0007 after\n'},
  {name: 'blob.bin', content: Buffer.from([0, 1, 2, 0xff, 0x41])},
  {name: Buffer.from([0x62, 0x61, 0x64, 0xff])},
  {name: 'to-docs', kind: 'link', target: 'docs/readme.txt'},
  {name: 'escape', kind: 'link', target: '../../etc'},
];

async function openBrowser(files = new MemoryFileService({data: TREE})) {
  const gateway = new MemoryGateway({volumes: [volume('data')], containers: []});
  current = renderApp(gateway, {files, size: {columns: 110, rows: 24}});
  await current.waitFor('data');
  current.press(ENTER);
  await current.waitFor('data:/');
  await current.waitFor('notes.txt');
  return {ui: current, files};
}

const selected = (ui: Rendered) =>
  ui
    .rawFrame()
    .split('\n')
    .find((line) => line.includes('\u001b[7m')) ?? '';

describe('file browser', () => {
  it('opens at the volume root with directories first, then by name, with type, size, mode and owner', async () => {
    const {ui, files} = await openBrowser();
    const frame = ui.lastFrame();
    expect(files.opened).toEqual(['data']);
    expect(frame).toMatch(/data:\/\s+│ 8 entries/);
    expect(frame).toMatch(/MODE\s+NAME▲\s+SIZE\s+OWNER\s+MODIFIED/);
    const order = ['docs/', 'logs/', 'bad\\xff', 'blob.bin', 'escape', 'evil', 'notes.txt', 'to-docs'].map((name) =>
      frame.indexOf(name),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(frame).toMatch(/drwxr-xr-x\s+docs\/\s+/);
    expect(frame).toMatch(/-rw-r--r--\s+notes\.txt\s+12 B\s+0:0\s+2026-11-01/);
    expect(frame).toMatch(/to-docs → docs\/readme\.txt/);
  });

  it('enters directories, goes up to the folder just left, and Esc at the root returns to the table', async () => {
    const {ui} = await openBrowser();
    ui.press(DOWN);
    ui.press(ENTER);
    await ui.waitFor('data:/logs');
    await ui.waitFor('old.log');
    ui.press(BACKSPACE);
    await ui.waitFor((f) => f.includes('notes.txt') && selected(ui).includes('logs/'));
    ui.press(LEFT);
    await ui.waitFor((f) => f.includes('DRIVER'));
    ui.press('l');
    await ui.waitFor('notes.txt');
    ui.press(ESC);
    await ui.waitFor((f) => f.includes('DRIVER'));
  });

  it('previews text with escape sequences shown escaped, and binary as hex', async () => {
    const {ui} = await openBrowser();
    for (let i = 0; i < 5; i++) ui.press(DOWN);
    ui.press(ENTER);
    const frame = await ui.waitFor('after');
    expect(frame).toContain('before \\e]2;PWNED\\x07 after');
    expect(frame).not.toContain('\u001b]2;');
    expect(frame).toMatch(/text │ \d+ bytes/);
    ui.press(ESC);
    await ui.waitFor('MODIFIED');
    ui.press('g');
    for (let i = 0; i < 3; i++) ui.press(DOWN);
    ui.press(ENTER);
    const hex = await ui.waitFor('00000000');
    expect(hex).toMatch(/00000000 {2}00 01 02 ff 41 .* \|\.\.\.\.A\|/);
    expect(hex).toContain('binary, hex view');
  });

  it('follows a link that stays inside the volume and refuses one that leaves it', async () => {
    const {ui} = await openBrowser();
    ui.press('G');
    ui.press(ENTER);
    await ui.waitFor('line two');
    ui.press(ESC);
    await ui.waitFor('MODIFIED');
    for (let i = 0; i < 3; i++) ui.press('k');
    await ui.waitFor(() => selected(ui).includes('escape'));
    ui.press(ENTER);
    await ui.waitFor(/escape points outside the volume \(\.\.\/\.\.\/etc\)/);
  });

  it('filters the current directory like the table: Enter keeps, Esc clears', async () => {
    const {ui} = await openBrowser();
    ui.press('/');
    ui.press('note');
    const filtered = await ui.waitFor('1 of 8 shown');
    expect(filtered).not.toContain('docs/');
    ui.press(ENTER);
    ui.press(ESC);
    await ui.waitFor((f) => f.includes('docs/') && f.includes('notes.txt'));
  });

  it('measures what is big: every entry largest first with a bar, kept when coming back', async () => {
    const {ui} = await openBrowser();
    ui.press('U');
    const frame = await ui.waitFor('Disk usage measured');
    expect(frame).toMatch(/SIZE▼\s+SHARE/);
    const lines = frame.split('\n');
    const logs = lines.findIndex((l) => l.includes('logs/'));
    const docs = lines.findIndex((l) => l.includes('docs/'));
    expect(logs).toBeGreaterThan(0);
    expect(logs).toBeLessThan(docs);
    expect(lines[logs]).toMatch(/258 kB\s+█+░*\s+\d+%/);
    ui.press('g');
    ui.press(ENTER);
    await ui.waitFor('data:/logs');
    ui.press(ESC);
    await ui.waitFor((f) => f.includes('SHARE') && f.includes('Disk usage measured'));
  });

  it('says why the helper could not start and goes back with Esc', async () => {
    const files = new MemoryFileService({data: TREE});
    files.failOpen = 'Could not get the helper image busybox:1.37.0: pull access denied\nUse --helper-image IMAGE';
    const gateway = new MemoryGateway({volumes: [volume('data')], containers: []});
    current = renderApp(gateway, {files, size: {columns: 110, rows: 24}});
    await current.waitFor('data');
    current.press(ENTER);
    const frame = await current.waitFor('pull access denied');
    expect(frame).toContain('Use --helper-image IMAGE');
    current.press(ESC);
    await current.waitFor('DRIVER');
  });

  it('asks where to export with the name as default, and Esc cancels without writing', async () => {
    const {ui} = await openBrowser();
    ui.press('G');
    ui.press('k');
    await ui.waitFor(() => selected(ui).includes('notes.txt'));
    ui.press('x');
    await ui.waitFor('Export notes.txt to: ./notes.txt');
    ui.press('q');
    await ui.waitFor('./notes.txtq');
    ui.press(BACKSPACE);
    ui.press(ESC);
    await ui.waitFor((f) => !f.includes('Export notes.txt'));
    expect(ui.quitCalls()).toBe(0);
  });

  it('x exports as a job over the browser: progress, the result, OK back; a second time asks before replacing', async () => {
    const files = new MemoryFileService({data: TREE});
    const gateway = new MemoryGateway({volumes: [volume('data')], containers: []});
    current = renderApp(gateway, {
      files,
      backups: volumeJobs(gateway, 'img', undefined, files),
      size: {columns: 110, rows: 24},
    });
    const ui = current;
    await ui.waitFor('data');
    ui.press(ENTER);
    await ui.waitFor('notes.txt');
    const folder = mkdtempSync(join(tmpdir(), 'volscope-ui-export-'));
    const target = join(folder, 'copy.txt');
    ui.press('G');
    ui.press('k');
    await ui.waitFor(() => selected(ui).includes('notes.txt'));
    ui.press('x');
    await ui.waitFor('Export notes.txt to: ./notes.txt');
    ui.press('\u0015');
    ui.press(target);
    ui.press(ENTER);
    const result = await ui.waitFor('Exported notes.txt to');
    expect(result).toContain('Exported');
    expect(readFileSync(target, 'utf8')).toBe('hello notes\n');
    ui.press(ENTER);
    await ui.waitFor((f) => f.includes('data:/') && !f.includes('Exported'));
    ui.press('x');
    ui.press('\u0015');
    ui.press(target);
    ui.press(ENTER);
    await ui.waitFor('already exists. Replace it?');
    ui.press('y');
    await ui.waitFor('Exported notes.txt to');
    expect(readFileSync(target, 'utf8')).toBe('hello notes\n');
  });

  it('q quits from inside the browser and the preview', async () => {
    const {ui} = await openBrowser();
    ui.press('G');
    ui.press(ENTER);
    await ui.waitFor('line two');
    ui.press('q');
    await ui.waitFor(() => ui.quitCalls() === 1);
  });
});
