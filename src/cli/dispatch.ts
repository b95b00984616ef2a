import type {Invocation} from './args.js';
import {oneEngine} from './args.js';
import {ReportedError, refuseUnderReadOnly, UsageError} from './errors.js';
import type {NotifiedIo} from './notified.js';
import {HISTORY_HANDLERS, lsEngines} from './history-handlers.js';
import {COPY_HANDLERS} from './copy-handlers.js';
import {shellWord} from '../model/details.js';

/**
 * One handler per command of the command line, each loading only the modules it needs (dockerode
 * and Ink are heavy: `--help` and `ls` never load Ink). A command missing here does not compile.
 * The TUI is the entry's own (src/cli.tsx): it needs the terminal set up first; so are help and
 * the version, which need nothing loaded.
 */
type Handlers = {
  readonly [K in Exclude<Invocation['command'], 'tui' | 'browse' | 'info'>]: (
    invocation: Extract<Invocation, {command: K}>,
  ) => Promise<number>;
};

const stdio = () => ({out: process.stdout, err: process.stderr, stdin: process.stdin});

/** The engine failed under a command that did not word it: what happened, then `next`, what to do. */
async function reportEngineFailure(work: () => Promise<number>, what: string, next: string): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReportedError) throw error;
    const {engineMessage} = await import('../docker/errors.js');
    throw new ReportedError(`${what} failed: ${engineMessage(error)}\n${next}`);
  }
}

async function connectOne(invocation: Exclude<Invocation, {command: 'info'}>, command: string) {
  const {connect} = await import('./connect.js');
  return connect(oneEngine(invocation.options, command));
}

export const HANDLERS: Handlers = {
  /** What src/cli.tsx could not answer from the bare lists (cli/ls-from-lists.ts). */
  async ls(invocation) {
    const [{runLs}, {historyUse}, engines] = await Promise.all([
      import('./ls.js'),
      import('./history-scan.js'),
      lsEngines(invocation),
    ]);
    const growthColumn = invocation.options.growth !== undefined;
    const use = await historyUse(invocation.options, {read: invocation.json || growthColumn, write: invocation.sizes});
    const options = {...invocation, growthColumn};
    return runLs(engines, use, options, process.stdout, process.stderr);
  },

  ...HISTORY_HANDLERS,
  ...COPY_HANDLERS,

  rm: (invocation) => removal(invocation),
  prune: (invocation) => removal(invocation),

  async mounts(invocation) {
    const [gateway, {runMounts}] = await Promise.all([connectOne(invocation, 'mounts'), import('./mounts.js')]);
    const files = gateway.fileService(invocation.options.helperImage);
    return reportEngineFailure(
      () => runMounts(gateway, files, invocation, process.stdout, process.stderr),
      'Listing mounts',
      'Check that the engine is healthy (`docker info`) and try again.',
    ).finally(() => files.closeAll().catch(() => undefined));
  },

  async contexts(invocation) {
    const {runContexts} = await import('./contexts.js');
    const {context} = invocation.options;
    return runContexts({json: invocation.json, ...(context ? {context} : {})}, process.env, process.stdout);
  },

  async backups(invocation) {
    const {runBackups} = await import('./backups.js');
    return runBackups(invocation.target, {json: invocation.json}, {out: process.stdout});
  },

  async verify(invocation) {
    const [{runVerify}, {unlockOf}, {notified}] = await Promise.all([
      import('./backup.js'),
      import('./keys.js'),
      import('./notified.js'),
    ]);
    if (invocation.restoreTest) refuseUnderReadOnly(invocation, 'verify --restore-test');
    return notified(invocation.notify, 'verify', stdio(), async (io) => {
      const unlock = await unlockOf(invocation.keys);
      if (!invocation.restoreTest) return runVerify(invocation.file, unlock, io);
      const [gateway, {runRestoreTest}] = await Promise.all([
        connectOne(invocation, 'verify --restore-test'),
        import('./restore-test.js'),
      ]);
      const engine = invocation.options.context ?? gateway.address;
      return reportEngineFailure(
        () => runRestoreTest(gateway, invocation.file, {engine, unlock, image: invocation.options.helperImage}, io),
        `The restore test of ${invocation.file}`,
        'Check the engine (`docker info`) and try again; a scratch volume left behind is labelled io.volscope.scratch.',
      );
    });
  },

  async backup(invocation) {
    const {notified} = await import('./notified.js');
    return notified(invocation.notify, 'backup', stdio(), (io) => backupCommand(invocation, io), {
      stdoutIsData: invocation.output === '-',
    });
  },

  async restore(invocation) {
    refuseUnderReadOnly(invocation, 'restore');
    const [gateway, {runRestore}, {unlockOf}] = await Promise.all([
      connectOne(invocation, 'restore'),
      import('./restore.js'),
      import('./keys.js'),
    ]);
    const options = {...invocation, image: invocation.options.helperImage, unlock: await unlockOf(invocation.keys)};
    if (invocation.paths.length) {
      const {runRestorePaths} = await import('./archive-files.js');
      return reportEngineFailure(
        () => runRestorePaths(gateway, invocation.file, invocation.volume, options, stdio()),
        `Restoring files into ${invocation.volume}`,
        'Files already moved into place are whole; the others were not written. Check the engine (`docker info`) and run again.',
      );
    }
    return reportEngineFailure(
      () => runRestore(gateway, invocation.file, invocation.volume, options, stdio()),
      `Restore into ${invocation.volume}`,
      'The volume may hold part of the archive now; check it, then run again with --replace.',
    );
  },

  async extract(invocation) {
    const [{runExtract}, {unlockOf}] = await Promise.all([import('./archive-files.js'), import('./keys.js')]);
    return runExtract(invocation.file, {...invocation, unlock: await unlockOf(invocation.keys)}, stdio());
  },

  async clone(invocation) {
    refuseUnderReadOnly(invocation, 'clone');
    const [{connect}, {runClone}, {parseVolumeArg}, {optionsForContext}] = await Promise.all([
      import('./connect.js'),
      import('./clone.js'),
      import('../model/engines.js'),
      import('../tui/engine-session.js'),
    ]);
    const [source, target] = [invocation.source, invocation.target].map((text) => {
      const parsed = parseVolumeArg(text);
      if (parsed) return parsed;
      throw new UsageError(
        `${text}: write a volume as NAME (on the engine in use) or CONTEXT:NAME; neither part may be empty or hold a second ':'.`,
      );
    }) as [{context?: string; name: string}, {context?: string; name: string}];
    // One connection per engine named: the same context on both ends is one engine (a copy inside it).
    const gateways = new Map<string, ReturnType<typeof connect>>();
    const gatewayFor = (context: string | undefined) => {
      const key = context ?? '';
      if (!gateways.has(key)) {
        const options = context
          ? optionsForContext(invocation.options, context)
          : oneEngine(invocation.options, 'clone');
        gateways.set(key, connect(options));
      }
      return gateways.get(key)!;
    };
    const end = async (end: {context?: string; name: string}) => ({
      engine: await gatewayFor(end.context),
      volume: end.name,
      ...(end.context ? {context: end.context} : {}),
    });
    const from = await end(source);
    const to = await end(target);
    const {labels, removeSource, yes} = invocation;
    return reportEngineFailure(
      () => runClone(from, to, {labels, image: invocation.options.helperImage, removeSource, yes}, stdio()),
      `Clone of ${invocation.source}`,
      `If the clone created ${invocation.target}, it was removed again; check the engines (\`docker info\`) and try again.`,
    );
  },

  async empty(invocation) {
    refuseUnderReadOnly(invocation, 'empty');
    const [gateway, {runEmpty}] = await Promise.all([connectOne(invocation, 'empty'), import('./volume-chores.js')]);
    const options = {
      yes: invocation.yes,
      stopContainers: invocation.stopContainers,
      image: invocation.options.helperImage,
    };
    return reportEngineFailure(
      () => runEmpty(gateway, invocation.volume, options, stdio()),
      `Emptying ${invocation.volume}`,
      'Check the engine (`docker info`) and `volscope ls`, then try again.',
    );
  },

  async rename(invocation) {
    refuseUnderReadOnly(invocation, 'rename');
    const [gateway, {runRename}] = await Promise.all([connectOne(invocation, 'rename'), import('./volume-chores.js')]);
    return reportEngineFailure(
      () => runRename(gateway, invocation.from, invocation.to, {image: invocation.options.helperImage}, stdio()),
      `Renaming ${invocation.from}`,
      'Check the engine (`docker info`) and `volscope ls`, then try again.',
    );
  },
};

/** rm and prune: refused under --read-only in their own words, else run; an engine failure lists what went so far. */
async function removal(invocation: Extract<Invocation, {command: 'rm' | 'prune'}>): Promise<number> {
  const cleanup = await import('./cleanup.js');
  if (invocation.options.readOnly) cleanup.refuseReadOnly(invocation.command);
  const gateway = await connectOne(invocation, invocation.command);
  return reportEngineFailure(
    () =>
      invocation.command === 'rm'
        ? cleanup.runRm(gateway, invocation.names, stdio())
        : import('./history-scan.js').then(async ({historyUse}) =>
            cleanup.runPrune(gateway, invocation, stdio(), await historyUse(invocation.options)),
          ),
    `volscope ${invocation.command}`,
    'Check that the engine is healthy (`docker info`) and try again; what was removed so far is listed above.',
  );
}

/** backup, one volume or several, with the keys resolved first. */
async function backupCommand(invocation: Extract<Invocation, {command: 'backup'}>, io: NotifiedIo): Promise<number> {
  const [gateway, {runBackup}, {runBackupMany}, {isDirectory}, {freeBackupName}, {join}, {readdir}] = await Promise.all(
    [
      connectOne(invocation, 'backup'),
      import('./backup.js'),
      import('./backup-many.js'),
      import('../local/backup-dir.js'),
      import('../model/backup-manifest.js'),
      import('node:path'),
      import('node:fs/promises'),
    ],
  );
  const {selector, level, stopContainers, quiet, keep, breakLock} = invocation;
  // Keys first: a bad recipients file or a mistyped passphrase must not cost a backup's time.
  const encryption = await (await import('./keys.js')).encryptionOf(invocation.keys);
  const sealed = encryption ? {encryption} : {};
  const image = invocation.options.helperImage;
  if (selector) {
    const options = {
      dir: invocation.output!,
      level,
      image,
      stopContainers,
      quiet,
      breakLock,
      command: ['volscope', ...process.argv.slice(2).filter((a) => a !== '--break-lock')].map(shellWord).join(' '),
      ...sealed,
      ...(keep !== undefined ? {keep} : {}),
    };
    return runBackupMany(gateway, selector, options, io);
  }
  const volume = invocation.volumes[0]!;
  // `-o DIR` for one volume: the usual name, inside that folder.
  const output =
    invocation.output && invocation.output !== '-' && (await isDirectory(invocation.output))
      ? join(
          invocation.output,
          freeBackupName(
            volume,
            new Date(),
            encryption !== undefined,
            new Set(await readdir(invocation.output).catch(() => [])),
          ),
        )
      : invocation.output;
  return reportEngineFailure(
    () => runBackup(gateway, volume, {output, level, image, stopContainers, ...sealed}, io),
    `Backup of ${volume}`,
    'Nothing was written under the final name; check the engine (`docker info`) and try again.',
  );
}
