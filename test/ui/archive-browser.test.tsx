import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {RestoreFilesRequest} from '../../src/app/jobs/job.js';
import {ArchiveSession} from '../../src/ops/archive-browse.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {volumeJobs} from '../../src/tui/volume-jobs.js';
import {volume} from '../helpers/fixtures.js';
import {backupOf, sampleTree, tarOf} from '../helpers/indexed-archive.js';
import {KEYS} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const {down: DOWN, enter: ENTER, esc: ESC, backspace: BACKSPACE} = KEYS;
const SPACE = ' ';

let current: Rendered | undefined;
afterEach(() => current?.unmount());

let archive = '';
beforeAll(async () => {
  archive = await backupOf(tarOf(sampleTree()));
});

/** The app opened on the backup as `volscope browse ARCHIVE` does; restores are recorded, the first refused for files there. */
async function browse() {
  const gateway = new MemoryGateway({volumes: [volume('v')], containers: []});
  const asked: RestoreFilesRequest[] = [];
  const jobs = {
    ...volumeJobs(gateway, 'img'),
    restoreFiles: async (request: RestoreFilesRequest) => {
      asked.push(request);
      return request.existing
        ? {ok: true as const, value: {written: [...request.paths], skipped: [], created: false, scanned: undefined}}
        : {
            ok: false as const,
            failure: {
              reason: 'exists' as const,
              message: 'Not restoring into v: 1 of the files are there already:\n  conf/app.yml',
            },
          };
    },
  };
  current = renderApp(gateway, {
    size: {columns: 110, rows: 24},
    backups: jobs,
    archive,
    openArchive: (text, onProgress) => ArchiveSession.open(text, undefined, onProgress),
  });
  await current.waitFor('(backup, read-only)');
  await current.waitFor('big.bin');
  return {ui: current, asked};
}

describe('a backup in the file browser (volscope browse ARCHIVE)', () => {
  it('lists the archive from its index: folders, sizes, a preview read by seeking, usage', async () => {
    const {ui} = await browse();
    expect(ui.lastFrame()).toMatch(/big\.bin\s+3(\.0)? MB/);
    expect(ui.lastFrame()).toContain('conf/');
    // Folders first: conf; open it, then the file.
    ui.press(ENTER);
    await ui.waitFor(/read-only\):\/conf .*1 entry/);
    ui.press(ENTER);
    await ui.waitFor('port: 8080');
    ui.press(ESC);
    ui.press(BACKSPACE);
    await ui.waitFor('big.bin');
    ui.press('U');
    await ui.waitFor(/big\.bin.*%/);
  });

  it('Space marks, R asks for the volume; files there are named and o restores over them', async () => {
    const {ui, asked} = await browse();
    ui.press(SPACE);
    await ui.waitFor('1 marked');
    ui.press(DOWN);
    ui.press(SPACE);
    await ui.waitFor('2 marked');
    ui.press('R');
    await ui.waitFor('Into volume');
    ui.press('data');
    ui.press(ENTER);
    await ui.waitFor('o replaces them');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({volume: 'data', stopContainers: false});
    expect(asked[0]!.existing).toBeUndefined();
    expect(asked[0]!.paths).toHaveLength(2);
    ui.press('o');
    await ui.waitFor('Restored');
    expect(asked[1]).toMatchObject({existing: 'overwrite'});
  });

  it('x extracts the marked files into a folder here, paths kept', async () => {
    const {ui} = await browse();
    const out = join(mkdtempSync(join(tmpdir(), 'volscope-ui-extract-')), 'out');
    ui.press(ENTER);
    await ui.waitFor(/read-only\):\/conf .*1 entry/);
    ui.press(SPACE);
    await ui.waitFor('1 marked');
    ui.press('x');
    await ui.waitFor('./extracted');
    for (let i = 0; i < 12; i++) ui.press(BACKSPACE);
    ui.press(out);
    ui.press(ENTER);
    await ui.waitFor('Extracted into');
    expect(readFileSync(join(out, 'conf', 'app.yml'), 'utf8')).toBe('port: 8080\n');
  });

  it('o in the table opens a backup typed in the prompt; Backspace at its root goes back to the volumes', async () => {
    const gateway = new MemoryGateway({volumes: [volume('data')], containers: []});
    current = renderApp(gateway, {
      size: {columns: 110, rows: 24},
      openArchive: (text, onProgress) => ArchiveSession.open(text, undefined, onProgress),
    });
    const ui = current;
    await ui.waitFor('data');
    ui.press('o');
    await ui.waitFor('Open a backup in the file browser');
    ui.press(ENTER);
    await ui.waitFor('Which backup?');
    ui.press(archive);
    ui.press(ENTER);
    await ui.waitFor('(backup, read-only)');
    await ui.waitFor('big.bin');
    ui.press(BACKSPACE);
    await ui.waitFor('DRIVER');
  });
});
