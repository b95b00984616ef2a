import {mountProbe, volumeWriter} from '../../src/tui/engine-ports.js';
import {EventEmitter} from 'node:events';
import {render as inkRender} from 'ink';
import {render} from 'ink-testing-library';
import {App} from '../../src/tui/App.js';
import type {
  CopyInPlanner,
  EngineLink,
  EngineSwitcher,
  FileEditor,
  LocalFiles,
  TerminalControl,
  VolumeJobs,
} from '../../src/app/ports.js';
import {localFiles} from '../../src/local/export.js';
import {LiveStore, type LiveStoreOptions} from '../../src/docker/live-store.js';
import type {EngineGateway, FileService} from '../../src/docker/gateway.js';
import type {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {createTheme} from '../../src/ui/theme.js';
import type {History} from '../../src/local/history/history.js';
import {EngineRecorder} from '../../src/local/history/recorder.js';

export interface Rendered {
  lastFrame(): string;
  /** The last frame with its styles (inverse marks the selected row). */
  rawFrame(): string;
  /** Writes raw terminal bytes, as a user's terminal would. */
  press(data: string): void;
  /** Polls the frame (no fixed sleeps): resolves when `check` passes, fails after `ms`. */
  waitFor(check: string | RegExp | ((frame: string) => boolean), ms?: number): Promise<string>;
  quitCalls(): number;
  frames(): number;
  store: LiveStore;
  /** One per engine, the first one's is `store`. */
  stores: LiveStore[];
  resize?(columns: number, rows: number): void;
  unmount(): void;
}

const strip = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

class SizedStdout extends EventEmitter {
  frames: string[] = [];
  isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string) => void this.frames.push(frame);
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

/** Any gateway: a MemoryGateway, or a FaultGateway around one to make the engine sick. */
/** Another engine beside the first (named `local`) in the same table. */
export interface ExtraEngine {
  readonly name: string;
  readonly gateway: MemoryGateway | EngineGateway;
  readonly files?: FileService;
  readonly backups?: VolumeJobs;
  readonly pruneByLabel?: boolean;
  readonly dockerFlags?: string;
}

export function renderApp(
  gateway: MemoryGateway | EngineGateway,
  opts: {
    size?: {columns: number; rows: number};
    ascii?: boolean;
    color?: boolean;
    files?: FileService;
    readOnly?: boolean;
    pruneByLabel?: boolean;
    backups?: VolumeJobs;
    /** Folders backups went to before, as the TUI reads them at start. */
    recentTargets?: readonly string[];
    terminal?: TerminalControl;
    store?: LiveStoreOptions;
    switcher?: EngineSwitcher;
    more?: readonly ExtraEngine[];
    /** `volscope browse ARCHIVE`: the app opens on this backup, read through `openArchive`. */
    archive?: string;
    openArchive?: LocalFiles['openArchive'];
    /** A size history in this file: each engine's scans are recorded there, as the TUI does. */
    history?: Promise<History>;
    /** u's completion and preview, and e's editor, on the first engine. */
    copyIn?: CopyInPlanner;
    editor?: FileEditor;
  } = {},
): Rendered {
  const all: ExtraEngine[] = [
    {
      name: 'local',
      gateway,
      ...(opts.files ? {files: opts.files} : {}),
      ...(opts.backups ? {backups: opts.backups} : {}),
      ...(opts.pruneByLabel !== undefined ? {pruneByLabel: opts.pruneByLabel} : {}),
    },
    ...(opts.more ?? []),
  ];
  const stores = all.map(
    (engine) => new LiveStore(engine.gateway, {coalesceMs: 10, reconnectMinMs: 10, ...opts.store}),
  );
  for (const store of stores) void store.start();
  const store = stores[0]!;
  const recorders = all.map((engine, index) => {
    if (!opts.history) return undefined;
    const recorder = new EngineRecorder(
      opts.history,
      stores[index]!,
      () => engine.gateway.identity(),
      engine.name,
      '24h',
    );
    recorder.start();
    return recorder;
  });
  const links: EngineLink[] = all.map((engine, index) => ({
    name: engine.name,
    source: stores[index]!,
    writer: volumeWriter(engine.gateway),
    mounts: mountProbe(engine.gateway, engine.files),
    ...(engine.files ? {files: engine.files} : {}),
    ...(engine.backups ? {jobs: engine.backups} : {}),
    ...(engine.pruneByLabel !== undefined ? {pruneByLabel: engine.pruneByLabel} : {}),
    ...(recorders[index] ? {history: recorders[index]} : {}),
    ...(index === 0 && opts.copyIn ? {copyIn: opts.copyIn} : {}),
    ...(index === 0 && opts.editor ? {editor: opts.editor} : {}),
    dockerFlags: all.length > 1 ? (engine.dockerFlags ?? `--context ${engine.name}`) : '',
  }));
  let quits = 0;
  const app = (
    <App
      engines={links}
      local={{
        ...localFiles,
        ...(opts.recentTargets ? {recentTargets: opts.recentTargets} : {}),
        ...(opts.openArchive ? {openArchive: opts.openArchive} : {}),
      }}
      {...(opts.archive ? {archive: opts.archive} : {})}
      readOnly={opts.readOnly ?? false}
      theme={createTheme({ascii: opts.ascii ?? false, color: opts.color ?? false})}
      onQuit={() => quits++}
      terminal={opts.terminal}
      switcher={opts.switcher}
    />
  );
  let lastFrame: () => string;
  let rawFrame: () => string;
  let press: (data: string) => void;
  let frameCount: () => number;
  let unmount: () => void;
  let resize: Rendered['resize'];
  if (opts.size) {
    const stdout = new SizedStdout(opts.size.columns, opts.size.rows);
    const stdin = new FakeStdin();
    const instance = inkRender(app, {
      stdout: stdout as never,
      stdin: stdin as never,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    rawFrame = () => stdout.frames.at(-1) ?? '';
    lastFrame = () => strip(rawFrame());
    press = (data) => void stdin.emit('data', data);
    frameCount = () => stdout.frames.length;
    unmount = () => instance.unmount();
    resize = (columns, rows) => {
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.emit('resize');
    };
  } else {
    const instance = render(app);
    rawFrame = () => instance.lastFrame() ?? '';
    lastFrame = () => strip(rawFrame());
    press = (data) => instance.stdin.write(data);
    frameCount = () => instance.frames.length;
    unmount = () => instance.unmount();
  }
  const waitFor: Rendered['waitFor'] = async (check, ms = 3000) => {
    const test =
      typeof check === 'function'
        ? check
        : typeof check === 'string'
          ? (f: string) => f.includes(check)
          : (f: string) => check.test(f);
    const end = Date.now() + ms;
    for (;;) {
      const frame = lastFrame();
      if (test(frame)) return frame;
      if (Date.now() > end) throw new Error(`frame never matched ${String(check)}; last frame:\n${frame}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return {
    lastFrame,
    rawFrame,
    press,
    waitFor,
    store,
    stores,
    resize,
    quitCalls: () => quits,
    frames: frameCount,
    unmount: () => {
      for (const each of recorders) each?.stop();
      for (const each of stores) each.stop();
      unmount();
    },
  };
}
