import {afterEach, describe, expect, it} from 'vitest';
import type {VolumeJobs} from '../../src/app/ports.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {usage, volume} from '../helpers/fixtures.js';
import {KEYS} from '../helpers/keys.js';
import {
  backupOutcome,
  cloneResult,
  done,
  emptyOutcome,
  exportResult,
  restoreFilesResult,
  renameResult,
  restoreResult,
} from '../helpers/job-results.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const {enter: ENTER, left: LEFT, right: RIGHT, home: HOME, end: END, delete: DELETE, backspace: BACKSPACE} = KEYS;

let current: Rendered | undefined;
afterEach(() => current?.unmount());

const gateway = () =>
  new MemoryGateway({volumes: [volume('app-data'), volume('cache')], usage: usage({'app-data': 1000, cache: 10})});

describe('editing typed text in the middle', () => {
  it('the clone name: Home, ← and → move the cursor; typing and Backspace/Delete act where it stands', async () => {
    const clones: string[] = [];
    const jobs: VolumeJobs = {
      backup: async ({path}) => done(backupOutcome(path)),
      restore: async () => done(restoreResult()),
      clone: async ({target}) => (clones.push(target), done(cloneResult())),
      empty: async ({volume}) => done(emptyOutcome(volume)),
      rename: async () => done(renameResult()),
      export: async ({destination}) => done(exportResult(destination)),
      restoreFiles: async ({paths}) => done(restoreFilesResult(paths)),
      copyIn: async () => done({bytes: 10}),
      edit: async () => done({written: true, backup: false}),
    };
    current = renderApp(gateway(), {size: {columns: 100, rows: 20}, backups: jobs});
    const ui = current;
    await ui.waitFor('1 kB');
    ui.press('c');
    await ui.waitFor('app-data-copy');
    ui.press(HOME);
    ui.press('old-');
    await ui.waitFor('old-app-data-copy');
    // From the end: four left puts the cursor on the c of copy; Backspace takes the dash before it, Delete the c.
    ui.press(END);
    for (let i = 0; i < 4; i++) ui.press(LEFT);
    ui.press(BACKSPACE);
    ui.press(DELETE);
    ui.press(RIGHT);
    ui.press('_');
    await ui.waitFor('old-app-datao_py');
    ui.press(ENTER);
    await ui.waitFor('Cloned app-data into old-app-datao_py');
    expect(clones).toEqual(['old-app-datao_py']);
  });

  it('the filter: a letter typed after ← lands before the last one, and the table follows', async () => {
    current = renderApp(gateway(), {size: {columns: 100, rows: 20}});
    const ui = current;
    await ui.waitFor('cache');
    ui.press('/');
    ui.press('ce');
    await ui.waitFor('/ce');
    ui.press(LEFT);
    ui.press('a');
    ui.press(HOME);
    ui.press('c');
    const frame = await ui.waitFor('/ccae');
    expect(frame).toContain('0 of 2 shown');
    ui.press(HOME);
    ui.press(DELETE);
    const narrowed = await ui.waitFor('/cae');
    expect(narrowed).toContain('0 of 2 shown');
    ui.press(END);
    ui.press(BACKSPACE);
    ui.press(BACKSPACE);
    await ui.waitFor('1 of 2 shown');
    expect(ui.lastFrame()).toContain('/c');
  });
});
