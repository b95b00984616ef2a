import type {Invocation} from './args.js';
import {EXIT, ReportedError, UsageError} from './errors.js';

/** `volscope cp`: dispatch.ts spreads this into its table of handlers. */
export const COPY_HANDLERS: {
  readonly [K in 'cp' | 'edit']: (invocation: Extract<Invocation, {command: K}>) => Promise<number>;
} = {
  async edit(invocation) {
    const [{parseCopyLocation, volumePathParts, showLocation}, {runEdit}, {connect}, {optionsForContext}, {oneEngine}] =
      await Promise.all([
        import('../model/copy-location.js'),
        import('./edit.js'),
        import('./connect.js'),
        import('../tui/engine-session.js'),
        import('./args.js'),
      ]);
    const location = parseCopyLocation(invocation.file);
    if ('error' in location) throw new UsageError(location.error);
    if (location.kind !== 'volume' || volumePathParts(location.path).length === 0)
      throw new UsageError(`${invocation.file}: name a file in a volume, as VOLUME:/path/to/file`);
    if (invocation.options.readOnly)
      throw new ReportedError(
        'volscope runs read-only (--read-only or VOLSCOPE_READ_ONLY), so `volscope edit` changes nothing.',
        EXIT.usage,
      );
    const engine = await connect(
      location.context
        ? optionsForContext(invocation.options, location.context)
        : oneEngine(invocation.options, 'edit'),
    );
    return runEdit(
      engine,
      {volume: location.volume, parts: volumePathParts(location.path), shown: showLocation(location)},
      {image: invocation.options.helperImage, backup: invocation.backup},
      {out: process.stdout, err: process.stderr},
    );
  },

  async cp(invocation) {
    const [{parseCopyLocation}, {runCopy}, {connect}, {optionsForContext}, {oneEngine}] = await Promise.all([
      import('../model/copy-location.js'),
      import('./copy.js'),
      import('./connect.js'),
      import('../tui/engine-session.js'),
      import('./args.js'),
    ]);
    const [dest, ...sources] = [invocation.dest, ...invocation.sources].map((text) => {
      const parsed = parseCopyLocation(text);
      if ('error' in parsed) throw new UsageError(parsed.error);
      return parsed;
    });
    if (dest!.kind === 'volume' && invocation.options.readOnly)
      throw new ReportedError(
        'volscope runs read-only (--read-only or VOLSCOPE_READ_ONLY), so `volscope cp` writes into no volume.',
        EXIT.usage,
      );
    if (dest!.kind === 'host' && sources.every((s) => s.kind === 'host'))
      throw new UsageError('both sides are on this machine: use cp (one side of volscope cp is VOLUME:/path)');
    // One connection per engine named, made only when a side is on it.
    const gateways = new Map<string, ReturnType<typeof connect>>();
    const engineFor = (context: string | undefined) => {
      const key = context ?? '';
      if (!gateways.has(key))
        gateways.set(
          key,
          connect(context ? optionsForContext(invocation.options, context) : oneEngine(invocation.options, 'cp')),
        );
      return gateways.get(key)!;
    };
    const engines = new Map<string | undefined, Awaited<ReturnType<typeof connect>>>();
    for (const side of [dest!, ...sources])
      if (side.kind === 'volume' && !engines.has(side.context))
        engines.set(side.context, await engineFor(side.context));
    return runCopy(sources, dest!, (location) => engines.get(location.context)!, invocation, {
      out: process.stdout,
      err: process.stderr,
    });
  },
};
