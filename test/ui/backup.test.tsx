import {afterEach, describe, expect, it, vi} from 'vitest';
import type {VolumeJobs} from '../../src/app/ports.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {container, usage, volume} from '../helpers/fixtures.js';
import {
  backupOutcome,
  cloneResult,
  done,
  emptyOutcome,
  exportResult,
  restoreFilesResult,
  failed,
  renameResult,
  restoreResult,
} from '../helpers/job-results.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const ENTER = '\r';
const ESC = '\u001b';
const DOWN = '\u001b[B';
const UP = '\u001b[A';

let current: Rendered | undefined;
afterEach(() => current?.unmount());

/** A backup that reports progress and waits to be released (or aborted), recording what it was asked. */
function fakeBackups() {
  const calls: Array<{volume: string; path: string; stop: boolean}> = [];
  let release: (() => void) | undefined;
  const clones: Array<{source: string; target: string; labels: boolean}> = [];
  const restores: Array<{file: string; volume: string}> = [];
  const service: VolumeJobs = {
    empty: async ({volume}) => done(emptyOutcome(volume)),
    rename: async () => done(renameResult()),
    export: async ({destination}) => done(exportResult(destination)),
    restoreFiles: async ({paths}) => done(restoreFilesResult(paths)),
    copyIn: async () => done({bytes: 10}),
    edit: async () => done({written: true, backup: false}),
    restore({file, volume}, {signal, onProgress}) {
      restores.push({file, volume});
      if (!file.includes('bomb')) return Promise.resolve(done(restoreResult()));
      // A gzip bomb: it keeps unpacking until it is stopped, then it is undone.
      onProgress(2_000_000);
      return new Promise((resolve) => {
        signal.addEventListener('abort', () =>
          resolve(
            failed(
              'cancelled',
              `Restore cancelled after 2 MB of tar unpacked. ${volume}, which it created, was removed.`,
            ),
          ),
        );
      });
    },
    async clone({source, target, labels}) {
      clones.push({source, target, labels});
      return done(cloneResult());
    },
    backup({volume, path, stopContainers}, {signal, onProgress}) {
      calls.push({volume, path, stop: stopContainers});
      onProgress(1_000_000, 400_000);
      return new Promise((resolve) => {
        release = () => resolve(done(backupOutcome(path)));
        signal.addEventListener('abort', () => resolve(failed('cancelled', 'Cancelled.')));
      });
    },
  };
  return {service, calls, clones, restores, finish: () => release?.()};
}

const gateway = () =>
  new MemoryGateway({
    volumes: [volume('app-data'), volume('db')],
    containers: [container('web', 'running', [['app-data', '/d']])],
    usage: usage({'app-data': 4_000_000, db: 2_000_000}),
  });

describe('backup from the TUI', () => {
  it('b asks where, warns about running containers, shows progress, then the checked result', async () => {
    const backups = fakeBackups();
    current = renderApp(gateway(), {size: {columns: 110, rows: 20}, backups: backups.service});
    const ui = current;
    await ui.waitFor('4 MB');
    ui.press('b');
    const prompt = await ui.waitFor('Back up app-data to:');
    expect(prompt).toMatch(/\.\/app-data-\d{8}T\d{6}Z\.tar\.gz/);
    expect(prompt).toContain('In use by running containers (web)');
    expect(prompt).toContain('[ ] no');
    ui.press('\t');
    await ui.waitFor('[x] yes');
    ui.press('\u0015');
    ui.press('/tmp/x.tar.gz');
    ui.press(ENTER);
    const progress = await ui.waitFor(/1 MB of ~4 MB read, 400 kB written/);
    expect(progress).toContain('Backing up 1 of 1: app-data');
    expect(progress).toContain('25%');
    expect(backups.calls).toEqual([{volume: 'app-data', path: '/tmp/x.tar.gz', stop: true}]);
    backups.finish();
    await ui.waitFor('1 backup written and checked');
    ui.press(ENTER);
    await ui.waitFor((f) => !f.includes('written and checked'));
  });

  it('↑/↓ fill in the folders backups went to before (one volume: its usual name inside; sftp:// its usual name there too), and a new one goes first', async () => {
    const backups = fakeBackups();
    const recentTargets = ['/srv/backups', 'sftp://me@nas/volumes'];
    current = renderApp(gateway(), {size: {columns: 110, rows: 20}, backups: backups.service, recentTargets});
    const ui = current;
    await ui.waitFor('4 MB');
    ui.press('b');
    expect(await ui.waitFor('Used before (↑/↓)')).toContain('/srv/backups  sftp://me@nas/volumes');
    ui.press(DOWN);
    expect(await ui.waitFor('[/srv/backups]')).toMatch(/\/srv\/backups\/app-data-\d{8}T\d{6}Z\.tar\.gz/);
    ui.press(DOWN);
    await ui.waitFor('[sftp://me@nas/volumes]');
    ui.press(UP);
    await ui.waitFor('[/srv/backups]');
    ui.press(UP);
    await ui.waitFor('[sftp://me@nas/volumes]');
    ui.press(ENTER);
    // The job asks the port once its effect runs, which may be after the first frame of it.
    await vi.waitFor(() =>
      // An sftp:// folder for one volume: the file takes its usual name there, as in a folder here.
      expect(backups.calls).toEqual([
        {
          volume: 'app-data',
          path: expect.stringMatching(/^sftp:\/\/me@nas\/volumes\/app-data-\d{8}T\d{6}Z\.tar\.gz$/),
          stop: false,
        },
      ]),
    );
    backups.finish();
    await ui.waitFor('1 backup written and checked');
    ui.press(ENTER);
    ui.press('b');
    await ui.waitFor('Used before (↑/↓)');
    ui.press(UP);
    await ui.waitFor('[/srv/backups]');
    ui.press(DOWN);
    // The folder just used is first now, and not twice.
    expect(await ui.waitFor('[sftp://me@nas/volumes]')).toContain('sftp://me@nas/volumes]  /srv/backups');
  });

  it('marked volumes go into one folder, each under its own name; Esc cancels the one under way', async () => {
    const backups = fakeBackups();
    current = renderApp(gateway(), {size: {columns: 110, rows: 20}, backups: backups.service});
    const ui = current;
    await ui.waitFor('4 MB');
    ui.press(' ');
    ui.press(DOWN);
    ui.press(' ');
    ui.press('b');
    await ui.waitFor('Back up 2 volumes into the folder:');
    ui.press('\u0015');
    ui.press('/backups');
    ui.press(ENTER);
    await ui.waitFor(/Backing up 1 of 2[\s\S]*1 MB of/);
    expect(backups.calls[0]!.path).toMatch(/^\/backups\/app-data-\d{8}T\d{6}Z\.tar\.gz$/);
    ui.press(ESC);
    const done = await ui.waitFor('failed');
    expect(done).toContain('cancelled: nothing written under the final name');
    expect(backups.calls).toHaveLength(1);
  });

  it('a backup refused because its tar kept ending while web wrote: S runs it again with web stopped', async () => {
    const asked: boolean[] = [];
    const service: VolumeJobs = {
      ...fakeBackups().service,
      async backup({path, stopContainers}) {
        asked.push(stopContainers);
        if (stopContainers) return done(backupOutcome(path));
        const message = `Backup of app-data not written: the engine's tar ended early, in "log.db" on each of 3 tries, while web kept writing to it.`;
        return {ok: false, failure: {reason: 'inUse', message, users: ['web']}};
      },
    };
    current = renderApp(gateway(), {size: {columns: 110, rows: 20}, backups: service});
    const ui = current;
    await ui.waitFor('4 MB');
    ui.press('b');
    await ui.waitFor('Back up app-data to:');
    ui.press(ENTER);
    const refused = await ui.waitFor('S stops them for the backup');
    expect(refused).toContain('while web kept writing to it');
    ui.press('S');
    await ui.waitFor('1 backup written and checked');
    expect(asked).toEqual([false, true]);
  });

  it('c clones into a new name (checked first), labels copied unless Tab declines them', async () => {
    const backups = fakeBackups();
    current = renderApp(gateway(), {size: {columns: 110, rows: 20}, backups: backups.service});
    const ui = current;
    await ui.waitFor('4 MB');
    ui.press('c');
    await ui.waitFor('Clone app-data into a new volume named:');
    await ui.waitFor('app-data-copy');
    ui.press('\u0015');
    ui.press('db');
    ui.press(ENTER);
    await ui.waitFor('A volume named db exists already');
    ui.press('\u0015');
    ui.press('app-data-2');
    ui.press('\t');
    await ui.waitFor('Labels: [ ] not copied');
    ui.press(ENTER);
    await ui.waitFor('Cloned app-data into app-data-2');
    expect(backups.clones).toEqual([{source: 'app-data', target: 'app-data-2', labels: false}]);
  });

  /** R, then the file and the volume typed into the form and Enter. */
  const restoreForm = async (file: string, volume: string) => {
    const backups = fakeBackups();
    current = renderApp(gateway(), {size: {columns: 110, rows: 20}, backups: backups.service});
    const ui = current;
    await ui.waitFor('4 MB');
    ui.press('R');
    await ui.waitFor('Restore a backup');
    ui.press(file);
    ui.press('\t');
    ui.press(volume);
    ui.press(ENTER);
    return {ui, backups};
  };

  it('R restores a file into a volume named in the form, the name checked first', async () => {
    const {ui, backups} = await restoreForm('/tmp/db.tar.gz', '-bad');
    await ui.waitFor('must start with a letter or digit');
    ui.press('\u0015');
    ui.press('db-restored');
    ui.press(ENTER);
    await ui.waitFor('Restored 3 entries (1 MB) into db-restored.');
    expect(backups.restores).toEqual([{file: '/tmp/db.tar.gz', volume: 'db-restored'}]);
  });

  it('a restore shows how much it has unpacked, and Esc stops it and undoes it', async () => {
    const {ui} = await restoreForm('/tmp/bomb.tar.gz', 'bombed');
    const running = await ui.waitFor(/2 MB unpacked, [\d.]+ [kMG]?B\/s/);
    expect(running).toContain('Esc cancels (and undoes what was unpacked)');
    ui.press(ESC);
    const result = await ui.waitFor('Restore cancelled after 2 MB of tar unpacked');
    expect(result).toContain('Not restored');
    expect(result).toContain('bombed, which it created, was removed');
  });
});
