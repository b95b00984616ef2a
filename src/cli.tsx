import {oneEngine, parseInvocation, usageText, type GlobalOptions} from './cli/args.js';
import {EXIT, ReportedError, UsageError} from './cli/errors.js';
import {localeIsUtf8} from './model/glyphs.js';
import {sanitizeLines} from './model/sanitize.js';
import {createTheme} from './ui/theme.js';

async function runTui(options: GlobalOptions): Promise<number> {
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
  const [engine] = await Promise.all([opening, tui]);
  await (await tui).runTui(engine, options, theme);
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
const STREAMING_COMMANDS = new Set(['backup', 'verify', 'restore', 'clone']);

/** Heavy modules (dockerode, Ink) are imported only on the paths that need them. */
async function main(argv: readonly string[]): Promise<number> {
  const invocation = parseInvocation(argv);
  if (STREAMING_COMMANDS.has(invocation.command)) (await import('./local/memory-relief.js')).holdYoungGeneration();
  switch (invocation.command) {
    case 'info':
      process.stdout.write(invocation.text);
      return EXIT.ok;
    case 'ls': {
      const [{connect, reportConnectErrors}, {runLs}, {engineTargets}, dockerConnect] = await Promise.all([
        import('./cli/connect.js'),
        import('./cli/ls.js'),
        import('./cli/targets.js'),
        import('./docker/connect.js'),
      ]);
      const targets = engineTargets(invocation.options);
      if (targets.length === 1) {
        // One engine: one that does not answer is the whole answer (exit 1, what to do).
        const gateway = await connect(invocation.options);
        return runLs([{name: dockerConnect.engineName(gateway), gateway}], invocation, process.stdout, process.stderr);
      }
      // Several: each is reached on its own; one that does not answer is named, the others print.
      const reached = await Promise.all(targets.map((target) => reportConnectErrors(dockerConnect.reach(target))));
      return runLs(
        reached.map(({gateway, problem}) =>
          problem
            ? {name: dockerConnect.engineName(gateway), problem: problem.message}
            : {name: dockerConnect.engineName(gateway), gateway},
        ),
        invocation,
        process.stdout,
        process.stderr,
      );
    }
    case 'rm':
    case 'prune': {
      if (invocation.options.readOnly) {
        const {refuseReadOnly} = await import('./cli/cleanup.js');
        refuseReadOnly(invocation.command);
      }
      const [{connect}, cleanup, {engineMessage}] = await Promise.all([
        import('./cli/connect.js'),
        import('./cli/cleanup.js'),
        import('./docker/errors.js'),
      ]);
      const gateway = await connect(oneEngine(invocation.options, invocation.command));
      const io = {out: process.stdout, err: process.stderr, stdin: process.stdin};
      try {
        return await (invocation.command === 'rm'
          ? cleanup.runRm(gateway, invocation.names, io)
          : cleanup.runPrune(gateway, invocation, io));
      } catch (error) {
        if (error instanceof ReportedError) throw error;
        throw new ReportedError(
          `volscope ${invocation.command} failed: ${engineMessage(error)}\nCheck that the engine is healthy (\`docker info\`) and try again; what was removed so far is listed above.`,
        );
      }
    }
    case 'mounts': {
      const [{connect}, {runMounts}, {engineMessage}] = await Promise.all([
        import('./cli/connect.js'),
        import('./cli/mounts.js'),
        import('./docker/errors.js'),
      ]);
      const gateway = await connect(oneEngine(invocation.options, 'mounts'));
      const files = gateway.fileService(invocation.options.helperImage);
      try {
        return await runMounts(gateway, files, invocation, process.stdout, process.stderr);
      } catch (error) {
        throw new ReportedError(
          `Listing mounts failed: ${engineMessage(error)}\nCheck that the engine is healthy (\`docker info\`) and try again.`,
        );
      } finally {
        await files.closeAll().catch(() => undefined);
      }
    }
    case 'contexts': {
      const {runContexts} = await import('./cli/contexts.js');
      return runContexts(
        {json: invocation.json, ...(invocation.options.context ? {context: invocation.options.context} : {})},
        process.env,
        process.stdout,
      );
    }
    case 'verify': {
      const {runVerify} = await import('./cli/backup.js');
      return runVerify(invocation.file, {out: process.stdout, err: process.stderr});
    }
    case 'backup': {
      const [{connect}, {runBackup}, {runBackupMany}, {engineMessage}, {isDirectory}, {defaultBackupName}, {join}] =
        await Promise.all([
          import('./cli/connect.js'),
          import('./cli/backup.js'),
          import('./cli/backup-many.js'),
          import('./docker/errors.js'),
          import('./local/backup-dir.js'),
          import('./model/backup-manifest.js'),
          import('node:path'),
        ]);
      const gateway = await connect(oneEngine(invocation.options, 'backup'));
      const io = {out: process.stdout, err: process.stderr};
      const {selector, level, stopContainers, quiet, keep} = invocation;
      const image = invocation.options.helperImage;
      if (selector)
        return runBackupMany(
          gateway,
          selector,
          {dir: invocation.output!, level, image, stopContainers, quiet, ...(keep !== undefined ? {keep} : {})},
          io,
        );
      const volume = invocation.volumes[0]!;
      // `-o DIR` for one volume: the usual name, inside that folder.
      const output =
        invocation.output && invocation.output !== '-' && (await isDirectory(invocation.output))
          ? join(invocation.output, defaultBackupName(volume, new Date()))
          : invocation.output;
      try {
        return await runBackup(gateway, volume, {output, level, image, stopContainers}, io);
      } catch (error) {
        if (error instanceof ReportedError) throw error;
        throw new ReportedError(
          `Backup of ${volume} failed: ${engineMessage(error)}\nNothing was written under the final name; check the engine (\`docker info\`) and try again.`,
        );
      }
    }
    case 'restore': {
      if (invocation.options.readOnly)
        throw new ReportedError(
          'volscope runs read-only (--read-only or VOLSCOPE_READ_ONLY), so `volscope restore` writes nothing.',
          EXIT.usage,
        );
      const [{connect}, {runRestore}, {engineMessage}] = await Promise.all([
        import('./cli/connect.js'),
        import('./cli/restore.js'),
        import('./docker/errors.js'),
      ]);
      const gateway = await connect(oneEngine(invocation.options, 'restore'));
      try {
        return await runRestore(
          gateway,
          invocation.file,
          invocation.volume,
          {...invocation, image: invocation.options.helperImage},
          {out: process.stdout, err: process.stderr, stdin: process.stdin},
        );
      } catch (error) {
        if (error instanceof ReportedError) throw error;
        throw new ReportedError(
          `Restore into ${invocation.volume} failed: ${engineMessage(error)}\nThe volume may hold part of the archive now; check it, then run again with --replace.`,
        );
      }
    }
    case 'clone': {
      if (invocation.options.readOnly)
        throw new ReportedError(
          'volscope runs read-only (--read-only or VOLSCOPE_READ_ONLY), so `volscope clone` writes nothing.',
          EXIT.usage,
        );
      const [{connect}, {runClone}, {engineMessage}, {parseVolumeArg}, {optionsForContext}] = await Promise.all([
        import('./cli/connect.js'),
        import('./cli/clone.js'),
        import('./docker/errors.js'),
        import('./model/engines.js'),
        import('./tui/engine-session.js'),
      ]);
      const [source, target] = [invocation.source, invocation.target].map((text) => {
        const parsed = parseVolumeArg(text);
        if (!parsed)
          throw new UsageError(
            `${text}: write a volume as NAME (on the engine in use) or CONTEXT:NAME; neither part may be empty or hold a second ':'.`,
          );
        return parsed;
      }) as [{context?: string; name: string}, {context?: string; name: string}];
      // One connection per engine named: the same context on both ends is one engine (a copy inside it).
      const gateways = new Map<string, Awaited<ReturnType<typeof connect>>>();
      const gatewayFor = async (context: string | undefined) => {
        const key = context ?? '';
        if (!gateways.has(key))
          gateways.set(
            key,
            await connect(
              context ? optionsForContext(invocation.options, context) : oneEngine(invocation.options, 'clone'),
            ),
          );
        return gateways.get(key)!;
      };
      const from = {
        engine: await gatewayFor(source.context),
        volume: source.name,
        ...(source.context ? {context: source.context} : {}),
      };
      const to = {
        engine: await gatewayFor(target.context),
        volume: target.name,
        ...(target.context ? {context: target.context} : {}),
      };
      try {
        return await runClone(
          from,
          to,
          {
            labels: invocation.labels,
            image: invocation.options.helperImage,
            removeSource: invocation.removeSource,
            yes: invocation.yes,
          },
          {out: process.stdout, err: process.stderr, stdin: process.stdin},
        );
      } catch (error) {
        if (error instanceof ReportedError) throw error;
        throw new ReportedError(
          `Clone of ${invocation.source} failed: ${engineMessage(error)}\nIf the clone created ${invocation.target}, it was removed again; check the engines (\`docker info\`) and try again.`,
        );
      }
    }
    case 'empty':
    case 'rename': {
      if (invocation.options.readOnly)
        throw new ReportedError(
          `volscope runs read-only (--read-only or VOLSCOPE_READ_ONLY), so \`volscope ${invocation.command}\` changes nothing.`,
          EXIT.usage,
        );
      const [{connect}, chores, {engineMessage}] = await Promise.all([
        import('./cli/connect.js'),
        import('./cli/volume-chores.js'),
        import('./docker/errors.js'),
      ]);
      const gateway = await connect(oneEngine(invocation.options, invocation.command));
      const io = {out: process.stdout, err: process.stderr, stdin: process.stdin};
      const image = invocation.options.helperImage;
      try {
        return invocation.command === 'empty'
          ? await chores.runEmpty(
              gateway,
              invocation.volume,
              {yes: invocation.yes, stopContainers: invocation.stopContainers, image},
              io,
            )
          : await chores.runRename(gateway, invocation.from, invocation.to, {image}, io);
      } catch (error) {
        if (error instanceof ReportedError) throw error;
        const what = invocation.command === 'empty' ? `Emptying ${invocation.volume}` : `Renaming ${invocation.from}`;
        throw new ReportedError(
          `${what} failed: ${engineMessage(error)}\nCheck the engine (\`docker info\`) and \`volscope ls\`, then try again.`,
        );
      }
    }
    case 'tui':
      return runTui(invocation.options);
  }
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
