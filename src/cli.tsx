import {type GlobalOptions, type Invocation, parseInvocation, usageText} from './cli/args.js';
import {EXIT, ReportedError, UsageError} from './cli/errors.js';
import type {KeyFlags} from './cli/keys.js';
import {localeIsUtf8} from './model/glyphs.js';
import {sanitizeLines} from './model/sanitize.js';
import {type EarlyKeys, holdEarlyKeys} from './tui/early-keys.js';
import {leaveAltScreen} from './tui/terminal.js';
import {createTheme} from './ui/theme.js';

type FirstFrameModule = typeof import('./tui/first-frame.js');

async function runTui(options: GlobalOptions, browse?: Extract<Invocation, {command: 'browse'}>): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new ReportedError(
      'volscope needs an interactive terminal, and stdin or stdout is not one.\n' +
        'Over SSH, ask for a terminal with `ssh -t host volscope`; in scripts, use `volscope ls` (or `volscope ls --json`).',
      EXIT.usage,
    );
  }
  // Ink reads CI when imported and then draws nothing until exit. Both ends are terminals here,
  // so a CI variable left in an interactive shell must not blank the screen.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  performance.mark('volscope:tui-start');
  // Keys typed from now on wait for the app (tui/early-keys.ts) — unless a key file's passphrase
  // is asked for first: that prompt reads the terminal itself.
  const keys = browse?.keys ?? (options.identity?.length ? {identity: options.identity} : undefined);
  let early: EarlyKeys | undefined = keys ? undefined : holdEarlyKeys(process.stdin, interrupted);
  try {
    return await startTui(options, keys, browse, () => (early ??= holdEarlyKeys(process.stdin, interrupted)));
  } catch (error) {
    early?.restore();
    // A failure after the first frame went up: the error is said on the shell's screen.
    leaveAltScreen(process.stdout);
    throw error;
  }
}

/**
 * How long Ink's chunk waits for the first list before it loads anyway (see startTui). A local
 * engine with 10,000 volumes answers in 200-350 ms: at 150 ms Ink's load took the thread just as
 * that answer came, and the first frame waited ~70 ms behind it.
 */
const INK_AFTER_MS = 400;

/**
 * How long the engine session's load waits for the local engines' first lists (see startTui). A
 * local engine lists 1,000 volumes in ~10 ms; one slower than this (10,000 volumes: 150-350 ms)
 * has the session load meanwhile, and its rows are drawn at most that load (~30 ms) after they land.
 */
const FIRST_LISTS_WAIT_MS = 100;

/** Ctrl+C before the screen is up: the exit a shell gives an interrupted command. */
const interrupted = () => process.exit(130);

async function startTui(
  options: GlobalOptions,
  keys: KeyFlags | undefined,
  browse: Extract<Invocation, {command: 'browse'}> | undefined,
  holdKeys: () => EarlyKeys,
): Promise<number> {
  // Each local engine's first lists go out before anything else loads (docker/first-lists.ts): the
  // first frame is drawn from them as they land, and the engine session starts from the same answers.
  const [{engineTargets}, {askFirstLists}] = await Promise.all([
    import('./cli/targets.js'),
    import('./docker/first-lists.js'),
  ]);
  const targets = engineTargets(options);
  const asked = targets.map(askFirstLists);
  const theme = createTheme({ascii: options.ascii || !localeIsUtf8(process.env), color: !process.env.NO_COLOR});
  await Promise.all(asked.map((engine) => engine?.lists?.sent));
  // Young generation held, and no top tier (local/memory-relief.ts), before Ink's chunk and yoga's
  // WebAssembly are compiled: the Ink load below waits for this. Set before argv was parsed, loading
  // node:v8 and setting the flags took ~10 ms that the first lists waited for.
  const relieved = import('./local/memory-relief.js').then((relief) => {
    relief.holdYoungGeneration();
    relief.drawWithoutTopTier();
  });
  // Loaded while the lists are on the wire: it draws the rows before Ink can.
  const framing = browse ? undefined : Promise.all([import('./tui/first-frame.js'), import('./tui/early-frame.js')]);
  framing?.catch(() => {}); // only an optimisation: without it, Ink draws the first frame
  // Ink draws from the moment runTui is called; a frame of our own may go up only before that.
  let inkStarted = false;
  let sessionDrawing = false;
  let drawnOnce = false;
  const drawFrame = (
    module: FirstFrameModule,
    engines: Parameters<FirstFrameModule['drawFirstFrame']>[1]['engines'],
  ) => {
    if (
      inkStarted ||
      !module.drawFirstFrame(process.stdout, {
        engines,
        readOnly: options.readOnly,
        growthWindow: options.growth ?? '24h',
        theme,
      })
    )
      return false;
    if (!drawnOnce) performance.mark('volscope:first-frame');
    drawnOnce = true;
    return true;
  };
  // A key file's passphrase is asked for on the plain terminal: no frame goes up before it is read.
  const [frame, earlyFrame] = (framing && !keys && (await framing.catch(() => undefined))) || [];
  if (frame && earlyFrame) {
    // Until the engine session draws (or Ink does): from then on, its pictures are the newer ones.
    earlyFrame.drawAsFirstListsLand(asked, (engines) => {
      if (sessionDrawing || inkStarted) return false;
      drawFrame(frame, engines);
      return true;
    });
    // Imports run as one chain of microtasks, and the lists' answers are read only after it: the
    // engine session (~30 ms of loading) waits for them, so that they are drawn at once.
    await earlyFrame.firstListsSettled(asked, FIRST_LISTS_WAIT_MS);
  }
  const [{openEngines}, {reportConnectErrors}] = await Promise.all([
    import('./tui/engine-session.js'),
    import('./cli/connect.js'),
  ]);
  const opening = reportConnectErrors(
    openEngines(
      targets,
      undefined,
      asked.map((engine) => engine?.lists),
    ),
  ).then((opened) => {
    performance.mark('volscope:engine-listed');
    return opened;
  });
  // Ink's chunk holds the thread for ~100 ms once it loads, and the list's answer would wait behind
  // it: it starts when the first frame is up, or once the engine has kept us waiting INK_AFTER_MS
  // (a slow or distant engine: the thread is idle then anyway).
  let loadInk: () => void = () => {};
  const inkMayLoad = new Promise<void>((resolve) => (loadInk = resolve));
  const inkDeadline = setTimeout(loadInk, INK_AFTER_MS);
  const tui = Promise.all([inkMayLoad, relieved])
    .then(() => withoutFetch(() => import('./tui/tui.js')))
    .then((module) => {
      performance.mark('volscope:ink-loaded');
      return module;
    });
  tui.catch(() => {}); // awaited below; a connect failure must not leave it unhandled
  // Keys before the screen is taken: an unreadable key file is said on the plain terminal.
  const unlock = keys ? await (await import('./cli/keys.js')).unlockOf(keys) : undefined;
  const early = holdKeys();
  // From the engine session's own pictures: the same rows as the lists' frame, or what changed since.
  const firstFrameDrawn = Promise.all([opening, framing]).then(([engines, modules]) => {
    if (!modules) return;
    const [frame] = modules;
    sessionDrawing = true;
    const draw = () =>
      drawFrame(
        frame,
        engines.map((engine) => ({name: engine.name, snapshot: engine.store.getSnapshot()})),
      );
    if (!draw()) return;
    clearTimeout(inkDeadline);
    // Several engines: the others' rows join the plain frame as they land, before Ink takes the thread.
    return frame.untilEveryEngineListed(engines, draw);
  });
  firstFrameDrawn
    .catch(() => {}) // a connect failure is reported through `opening`
    .finally(() => {
      clearTimeout(inkDeadline);
      loadInk();
    });
  const [engine] = await Promise.all([opening, tui]);
  inkStarted = true;
  await (await tui).runTui(engine, {...options, unlock, ...(browse ? {archive: browse.file} : {})}, theme, early);
  return EXIT.ok;
}

/**
 * Runs `load` with the global `fetch` hidden. Yoga (Ink's layout engine) ships its WebAssembly as
 * a data: URL and, when `fetch` exists, fetches it through Node's fetch: that loads undici and
 * pushes 90 KB through web streams — 100 ms and 15 MB of RSS, against 30 ms when it decodes the
 * bytes itself. Nothing of volscope's uses fetch; it is put back once the module has loaded.
 */
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!original?.configurable) return load();
  Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', original);
  }
}

/**
 * Young generation held at its starting size (local/memory-relief.ts): the commands that stream a
 * volume's bytes through this process (their memory has a budget). The TUI holds it too, from
 * startTui (let go of for a large table, tui/tui.tsx).
 */
const STREAMING_COMMANDS = new Set(['backup', 'verify', 'restore', 'clone', 'extract', 'cp']);

/** Heavy modules (dockerode, Ink) are imported only on the paths that need them (cli/dispatch.ts). */
async function main(argv: readonly string[]): Promise<number> {
  const invocation = parseInvocation(argv);
  if (STREAMING_COMMANDS.has(invocation.command)) (await import('./local/memory-relief.js')).holdYoungGeneration();
  if (invocation.command === 'info') {
    process.stdout.write(invocation.text);
    return EXIT.ok;
  }
  if (invocation.command === 'tui') return runTui(invocation.options);
  if (invocation.command === 'browse') return runTui(invocation.options, invocation);
  // `ls` answers from the bare lists when it can, before the command handlers load.
  if (invocation.command === 'ls') {
    const answered = await (await import('./cli/ls-from-lists.js')).lsFromLists(invocation);
    if (answered !== undefined) return answered;
  }
  const {HANDLERS} = await import('./cli/dispatch.js');
  // Each command with its own handler: the table pairs them, the union cannot say so through an index.
  const handler = HANDLERS[invocation.command] as (invocation: Invocation) => Promise<number>;
  return handler(invocation);
}

/**
 * Exits once stdout and stderr have taken everything: a pipe that is full (a big `ls --json`
 * into a slow reader) queues the rest, and process.exit alone would cut it off.
 */
function exitWhenFlushed(code: number): void {
  let waiting = 2;
  const done = () => {
    waiting -= 1;
    if (waiting === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

// A command still waiting when nothing is left to wake it (a connection that dropped without a
// word) would otherwise end with exit 0 and no output: a backup that silently did not happen.
process.once('beforeExit', () => {
  process.stderr.write(
    'volscope: the command stopped waiting on an answer that can never come (a connection dropped without a word); what it was doing did not finish. Run it again; if it repeats, please report it.\n',
  );
  process.exitCode = EXIT.failure;
});

// Messages can quote the engine or the user's own input, so they are sanitized like any engine text.
main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`volscope: ${sanitizeLines(error.message)}\n\n${usageText()}`);
      exitWhenFlushed(EXIT.usage);
      return;
    }
    if (error instanceof ReportedError) {
      process.stderr.write(`volscope: ${sanitizeLines(error.message)}\n`);
      exitWhenFlushed(error.exitCode);
      return;
    }
    process.stderr.write(
      `volscope: unexpected error: ${sanitizeLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    );
    exitWhenFlushed(EXIT.failure);
  },
);
