import type {StagedPlacement, TransferGateway} from '../docker/gateway.js';
import type {Unlock} from '../local/age.js';
import {formatSize} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {OpError} from '../ops/errors.js';
import {extract} from '../ops/extract.js';
import {restorePaths} from '../ops/restore-paths.js';
import {EXIT, LOCKED_ADVICE, reportOpErrors, stopAdvice} from './errors.js';
import {onInterrupt} from './interrupt.js';

interface Io {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

/** At most this many paths are listed; the rest are counted. */
const SHOWN = 50;

function listed(title: string, paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const lines = paths.slice(0, SHOWN).map((p) => `  ${sanitize(p)}`);
  if (paths.length > SHOWN) lines.push(`  … and ${paths.length - SHOWN} more`);
  return `${title}\n${lines.join('\n')}\n`;
}

function readNote(scanned: string | undefined, read: {bytes: number; of: number} | undefined): string {
  if (scanned) return `(the archive was read whole: ${scanned})\n`;
  return read ? `(read ${formatSize(read.bytes, '?')} of the ${formatSize(read.of, '?')} archive)\n` : '';
}

const EXISTING_ADVICE = () =>
  'Add --overwrite to replace them or --skip-existing to keep them (each file is replaced whole, never half-written).';

/** Cancelled by Ctrl+C: said, with the interrupt's exit code. */
async function cancellable<T>(work: (signal: AbortSignal) => Promise<T>, io: Io): Promise<T | number> {
  const interrupt = onInterrupt();
  try {
    return await work(interrupt.signal);
  } catch (error) {
    if (error instanceof OpError && error.reason === 'declined' && interrupt.code()) {
      io.out.write(`${sanitize(error.message)}\n`);
      return interrupt.code();
    }
    throw error;
  } finally {
    interrupt.release();
  }
}

/** `volscope restore ARCHIVE VOLUME --path P…` */
export async function runRestorePaths(
  engine: TransferGateway & StagedPlacement,
  archive: string,
  volume: string,
  options: {
    paths: readonly string[];
    existing?: 'overwrite' | 'skip';
    stopContainers: boolean;
    plain: boolean;
    image: string;
    unlock?: Unlock | undefined;
  },
  io: Io,
): Promise<number> {
  const result = await cancellable(
    (signal) =>
      reportOpErrors(
        restorePaths(engine, {
          archive,
          volume,
          paths: options.paths,
          image: options.image,
          stopContainers: options.stopContainers,
          plain: options.plain,
          ...(options.existing ? {existing: options.existing} : {}),
          ...(options.unlock ? {unlock: options.unlock} : {}),
          signal,
          log: (line) => io.err.write(`volscope: ${sanitize(line)}\n`),
        }),
        {inUse: stopAdvice('restore'), exists: EXISTING_ADVICE, locked: () => LOCKED_ADVICE},
      ),
    io,
  );
  if (typeof result === 'number') return result;
  io.out.write(
    listed(`Restored into ${sanitize(volume)}${result.created ? ' (created)' : ''}:`, result.written) +
      listed('Kept as they were (already there):', result.skipped) +
      (result.written.length + result.skipped.length === 0 ? 'Nothing to restore.\n' : '') +
      readNote(result.scanned, result.read),
  );
  return EXIT.ok;
}

/** `volscope extract ARCHIVE --path P… -o DIR` */
export async function runExtract(
  archive: string,
  options: {
    paths: readonly string[];
    output: string;
    existing: 'refuse' | 'overwrite' | 'skip';
    unlock?: Unlock | undefined;
  },
  io: Io,
): Promise<number> {
  const result = await cancellable(
    (signal) =>
      reportOpErrors(
        extract({
          archive,
          paths: options.paths,
          folder: options.output,
          existing: options.existing,
          ...(options.unlock ? {unlock: options.unlock} : {}),
          signal,
        }),
        {exists: EXISTING_ADVICE, locked: () => LOCKED_ADVICE},
      ),
    io,
  );
  if (typeof result === 'number') return result;
  io.out.write(
    listed(`Extracted into ${sanitize(options.output)}:`, result.written) +
      listed('Kept as they were (already there):', result.skipped) +
      readNote(result.scanned, result.read),
  );
  return EXIT.ok;
}
