import {type GlobalOptions, type Invocation, parseInvocation, usageText} from './cli/args.js';
import {EXIT, ReportedError, UsageError} from './cli/errors.js';
import {localeIsUtf8} from './model/glyphs.js';
import {sanitizeLines} from './model/sanitize.js';
import {createTheme} from './ui/theme.js';

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
  // The engine's modules first, so its ping and first list are on the wire before Ink's chunk
  // takes the thread; both finish while Ink loads, and the first frame is a full one.
  const [{openEngines}, {reportConnectErrors}, {engineTargets}] = await Promise.all([
    import('./tui/engine-session.js'),
    import('./cli/connect.js'),
    import('./cli/targets.js'),
  ]);
  const opening = reportConnectErrors(openEngines(engineTargets(options))).then((opened) => {
    performance.mark('volscope:engine-listed');
    return opened;
  });
  const tui = withoutFetch(() => import('./tui/tui.js')).then((module) => {
    performance.mark('volscope:ink-loaded');
    return module;
  });
  tui.catch(() => {}); // awaited below; a connect failure must not leave it unhandled
  const theme = createTheme({ascii: options.ascii || !localeIsUtf8(process.env), color: !process.env.NO_COLOR});
  // Keys before the screen is taken: an unreadable key file is said on the plain terminal.
  const keys = browse?.keys ?? (options.identity?.length ? {identity: options.identity} : undefined);
  const unlock = keys ? await (await import('./cli/keys.js')).unlockOf(keys) : undefined;
  const [engine] = await Promise.all([opening, tui]);
  await (await tui).runTui(engine, {...options, unlock, ...(browse ? {archive: browse.file} : {})}, theme);
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

/** Commands that stream a volume's bytes through this process: their memory has a budget. */
const STREAMING_COMMANDS = new Set(['backup', 'verify', 'restore', 'clone', 'extract', 'cp']);

/** Heavy modules (dockerode, Ink) are imported only on the paths that need them (cli/dispatch.ts). */
async function main(argv: readonly string[]): Promise<number> {
  const invocation = parseInvocation(argv);
  if (STREAMING_COMMANDS.has(invocation.command)) (await import('./local/memory-relief.js')).holdYoungGeneration();
  if (invocation.command === 'tui') return runTui(invocation.options);
  if (invocation.command === 'browse') return runTui(invocation.options, invocation);
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
