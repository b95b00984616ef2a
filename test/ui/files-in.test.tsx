import {afterEach, describe, expect, it} from 'vitest';
import type {CopyInRequest, EditRequest} from '../../src/app/jobs/job.js';
import type {CopyInPlanner, FileEditor, VolumeJobs} from '../../src/app/ports.js';
import {MemoryFileService} from '../../src/testing/memory-files.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {volumeJobs} from '../../src/tui/volume-jobs.js';
import {container, volume} from '../helpers/fixtures.js';
import {done} from '../helpers/job-results.js';
import {KEYS} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render.js';

const {enter: ENTER, esc: ESC} = KEYS;
const TAB = '\t';

let current: Rendered | undefined;
afterEach(() => current?.unmount());

/** The browser open on `data`, with u's planner, e's editor and the two jobs recorded. */
async function open(options: {editor?: FileEditor; readOnly?: boolean} = {}) {
  const gateway = new MemoryGateway({
    volumes: [volume('data')],
    containers: [container('web', 'running', [['data', '/usr/share/nginx/html']])],
  });
  const files = new MemoryFileService({
    data: [
      {name: 'site', children: [{name: 'index.html', content: 'old\n'}]},
      {name: 'nginx.conf', content: 'listen 80;\n'},
    ],
  });
  const planned: string[] = [];
  const copies: CopyInRequest[] = [];
  const edits: EditRequest[] = [];
  const planner: CopyInPlanner = {
    complete: async (text) => (text.endsWith('/si') ? `${text}te/` : text),
    plan: async ({source}) => {
      planned.push(source);
      if (source.includes('missing')) throw new Error('/missing: No such file or directory (on this machine).');
      return {
        source: '/home/me/site',
        name: 'site',
        files: 2,
        folders: 2,
        links: 0,
        bytes: 1200,
        replaces: ['site/index.html'],
        replaceCount: 1,
        users: ['web'],
      };
    },
  };
  const jobs: VolumeJobs = {
    ...volumeJobs(gateway, 'img'),
    copyIn: async (request) => (copies.push(request), done({bytes: 1200})),
    edit: async (request) => (
      edits.push(request), done({written: request.mode !== 'discard', backup: request.mode === 'backup'})
    ),
  };
  current = renderApp(gateway, {
    files,
    backups: jobs,
    copyIn: planner,
    ...(options.editor ? {editor: options.editor} : {}),
    readOnly: options.readOnly ?? false,
    size: {columns: 120, rows: 24},
  });
  await current.waitFor('data');
  current.press(ENTER);
  await current.waitFor('nginx.conf');
  return {ui: current, planned, copies, edits};
}

describe('u: a file or folder of this machine into the folder shown', () => {
  it('Tab completes; Enter shows what it writes, replaces and who uses the volume; Enter copies; the folder is listed again', async () => {
    const {ui, planned, copies} = await open();
    ui.press('u');
    await ui.waitFor('Copy into data:/');
    ui.press('\u0015');
    ui.press('/home/me/si');
    ui.press(TAB);
    await ui.waitFor('/home/me/site/');
    ui.press(ENTER);
    const preview = await ui.waitFor('Enter copies');
    expect(planned).toEqual(['/home/me/site/']);
    expect(preview).toContain('Writes 2 files, 2 folders (1.2 kB) as /site');
    expect(preview).toContain('Replaces 1 file there now: site/index.html');
    expect(preview).toContain('In use by running container web');
    expect(preview).toContain(
      'docker run --rm -v data:/volume -v /home/me/site:/from/site:ro busybox cp -a /from/site /volume/',
    );
    // Esc goes back to the path; nothing was copied.
    ui.press(ESC);
    await ui.waitFor('Enter shows what it writes');
    expect(copies).toEqual([]);
    ui.press(ENTER);
    await ui.waitFor('Enter copies');
    ui.press(ENTER);
    await ui.waitFor('Copied /home/me/site into data:/');
    expect(copies).toEqual([{engine: 'local', volume: 'data', folder: [], source: '/home/me/site', expected: 1200}]);
    ui.press(ENTER);
    await ui.waitFor('nginx.conf');
  });

  it('a path that is not there is said, and the prompt stays to mend it', async () => {
    const {ui, copies} = await open();
    ui.press('u');
    await ui.waitFor('From (this machine)');
    ui.press('missing');
    ui.press(ENTER);
    await ui.waitFor('/missing: No such file or directory (on this machine).');
    expect(ui.lastFrame()).toContain('Enter shows what it writes');
    expect(copies).toEqual([]);
  });

  it('is not there under --read-only, nor is e', async () => {
    const {ui} = await open({readOnly: true});
    ui.press('u');
    ui.press('e');
    ui.press('j');
    await ui.waitFor(/nginx\.conf/);
    expect(ui.lastFrame()).not.toContain('Copy into');
    expect(ui.lastFrame()).not.toContain('Edit');
  });
});

describe('e: the selected file in the editor, then write, keep a backup, or discard', () => {
  const changed: FileEditor = {open: async () => ({id: 's1', changed: true, added: 2, removed: 1})};

  it('says what changed; b writes it back keeping the old one', async () => {
    const {ui, edits} = await open({editor: changed});
    // nginx.conf is the file after the folder.
    ui.press('j');
    ui.press('e');
    await ui.waitFor('2 lines added, 1 removed');
    expect(ui.lastFrame()).toContain('Like: docker run --rm -it -v data:/volume busybox vi /volume/nginx.conf');
    ui.press('b');
    await ui.waitFor('Wrote data:/nginx.conf (the old content kept as .volscope-bak beside it).');
    expect(edits).toEqual([
      {engine: 'local', volume: 'data', path: [Buffer.from('nginx.conf')], id: 's1', mode: 'backup'},
    ]);
  });

  it('Esc discards the edit; an editor that closed on no change says so; one that failed says why', async () => {
    const {ui, edits} = await open({editor: changed});
    ui.press('j');
    ui.press('e');
    await ui.waitFor('2 lines added');
    ui.press(ESC);
    await ui.waitFor('Edit discarded: data:/nginx.conf is as it was.');
    expect(edits.at(-1)?.mode).toBe('discard');
    current?.unmount();
    const same = await open({editor: {open: async () => ({id: '', changed: false, added: 0, removed: 0})}});
    same.ui.press('j');
    same.ui.press('e');
    await same.ui.waitFor('No change: data:/nginx.conf was left as it was.');
    current?.unmount();
    const refused = await open({
      editor: {
        open: () =>
          Promise.reject(new Error('data:/nginx.conf is binary (not UTF-8 text): an editor would damage it.')),
      },
    });
    refused.ui.press('j');
    refused.ui.press('e');
    await refused.ui.waitFor('is binary (not UTF-8 text)');
    expect(refused.edits).toEqual([]);
  });
});
