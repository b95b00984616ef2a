import type {Invocation} from './args.js';
import {EXIT, ReportedError, refuseUnderReadOnly, UsageError} from './errors.js';

/** The engine a side names: its CONTEXT:, else the one in use (one engine: several would be a guess). */
async function connectTo(invocation: Extract<Invocation, {command: 'cp' | 'edit'}>, context: string | undefined) {
  const [{connect}, {optionsForContext}, {oneEngine}] = await Promise.all([
    import('./connect.js'),
    import('../tui/engine-session.js'),
    import('./args.js'),
  ]);
  return connect(
    context ? optionsForContext(invocation.options, context) : oneEngine(invocation.options, invocation.command),
  );
}

/** `volscope cp` and `volscope edit`: dispatch.ts spreads these into its table of handlers. */
export const COPY_HANDLERS: {
  readonly [K in 'cp' | 'edit']: (invocation: Extract<Invocation, {command: K}>) => Promise<number>;
} = {
  async edit(invocation) {
    const [{parseCopyLocation, volumePathParts, showLocation}, {runEdit}] = await Promise.all([
      import('../model/copy-location.js'),
      import('./edit.js'),
    ]);
    const location = parseCopyLocation(invocation.file);
    if ('error' in location) throw new UsageError(location.error);
    if (location.kind !== 'volume' || volumePathParts(location.path).length === 0)
      throw new UsageError(`${invocation.file}: name a file in a volume, as VOLUME:/path/to/file`);
    refuseUnderReadOnly(invocation, 'edit');
    return runEdit(
      await connectTo(invocation, location.context),
      {volume: location.volume, parts: volumePathParts(location.path), shown: showLocation(location)},
      {image: invocation.options.helperImage, backup: invocation.backup},
      {out: process.stdout, err: process.stderr},
    );
  },

  async cp(invocation) {
    const [{parseCopyLocation}, {runCopy}] = await Promise.all([
      import('../model/copy-location.js'),
      import('./copy.js'),
    ]);
    const [dest, ...sources] = [invocation.dest, ...invocation.sources].map((text) => {
      const parsed = parseCopyLocation(text);
      if ('error' in parsed) throw new UsageError(parsed.error);
      return parsed;
    });
    // Reading out of a volume is fine under --read-only; writing into one is not.
    if (dest!.kind === 'volume' && invocation.options.readOnly)
      throw new ReportedError(
        'volscope runs read-only (--read-only or VOLSCOPE_READ_ONLY), so `volscope cp` writes into no volume.',
        EXIT.usage,
      );
    if (dest!.kind === 'host' && sources.every((s) => s.kind === 'host'))
      throw new UsageError('both sides are on this machine: use cp (one side of volscope cp is VOLUME:/path)');
    // One connection per engine named, made only when a side is on it.
    const engines = new Map<string | undefined, Awaited<ReturnType<typeof connectTo>>>();
    for (const side of [dest!, ...sources])
      if (side.kind === 'volume' && !engines.has(side.context))
        engines.set(side.context, await connectTo(invocation, side.context));
    return runCopy(sources, dest!, (location) => engines.get(location.context)!, invocation, {
      out: process.stdout,
      err: process.stderr,
    });
  },
};
