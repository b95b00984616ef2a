import {createInterface} from 'node:readline/promises';
import type {TransferGateway} from '../docker/gateway.js';
import {formatSize} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {OpError} from '../ops/errors.js';
import {restore, type RestoreRequest} from '../ops/restore.js';
import {isRemoteAddress} from '../model/store-address.js';
import {storedArchive} from '../targets/open.js';
import {restoreSummary} from '../model/job-text.js';
import type {Unlock} from '../local/age.js';
import {EXIT, LOCKED_ADVICE, ReportedError, reportOpErrors, stopAdvice} from './errors.js';
import {onInterrupt} from './interrupt.js';

export interface RestoreOptions {
  readonly replace: boolean;
  readonly yes: boolean;
  /** Create a missing volume plain (local, no labels) instead of as recorded. */
  readonly plain: boolean;
  readonly image: string;
  /** Stop running containers that use the volume, and start them again afterwards. */
  readonly stopContainers?: boolean;
  /** Keys for an encrypted archive. */
  readonly unlock?: Unlock | undefined;
}

export interface RestoreIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & {isTTY?: boolean};
}

/** `volscope restore FILE|- VOLUME`: the restore operation, asking on the terminal before --replace empties anything. */
export async function runRestore(
  engine: TransferGateway,
  file: string,
  name: string,
  options: RestoreOptions,
  io: RestoreIo,
): Promise<number> {
  // Ctrl+C, SIGTERM or a hang-up: the restore stops where it is and undoes itself.
  const interrupt = onInterrupt();
  const progress = progressLine(io.err as NodeJS.WritableStream & {isTTY?: boolean});
  let cancelled = '';
  const result = await reportOpErrors(
    restore(engine, {
      source: await sourceOf(file, io),
      volume: name,
      replace: options.replace,
      plain: options.plain,
      image: options.image,
      stopContainers: options.stopContainers ?? false,
      ...(options.unlock ? {unlock: options.unlock} : {}),
      ...(options.yes ? {} : {confirmReplace: (volume: string) => confirmEmpty(volume, io)}),
      log: (line) => io.err.write(`volscope: ${sanitize(line)}\n`),
      signal: interrupt.signal,
      onProgress: progress.update,
    })
      .catch((error: unknown) => {
        if (error instanceof OpError && error.reason === 'declined') {
          cancelled = error.message;
          return undefined;
        }
        throw error;
      })
      .finally(() => {
        progress.done();
        interrupt.release();
      }),
    {
      inUse: stopAdvice('restore'),
      notEmpty: () => `Restore into a new name, or add --replace to empty ${sanitize(name)} first.`,
      locked: () => LOCKED_ADVICE,
    },
  );
  if (!result) {
    io.out.write(interrupt.code() ? `${sanitize(cancelled)}\n` : 'Cancelled: nothing changed.\n');
    return interrupt.code() || EXIT.failure;
  }
  io.out.write(`${restoreSummary(name, result)}\n`);
  return EXIT.ok;
}

/** Bytes unpacked so far, on one line of stderr when it is a terminal (a gzip bomb shows itself growing). */
function progressLine(err: NodeJS.WritableStream & {isTTY?: boolean}): {update(bytes: number): void; done(): void} {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(bytes) {
      if (!err.isTTY) return;
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      shown = true;
      err.write(
        `\r\u001b[2Krestoring: ${formatSize(bytes, '?')} of tar unpacked, ${formatSize(bytes / Math.max(0.001, (now - started) / 1000), '?')}/s (Ctrl+C stops and undoes)`,
      );
    },
    done() {
      if (shown) err.write('\r\u001b[2K');
      shown = false;
    },
  };
}

async function confirmEmpty(name: string, io: RestoreIo): Promise<boolean> {
  if (!io.stdin.isTTY) {
    throw new ReportedError(
      `Not emptying ${name}: stdin is not a terminal to ask on. Add --yes to confirm --replace.`,
      EXIT.usage,
    );
  }
  const rl = createInterface({input: io.stdin, output: io.out});
  try {
    return (
      (await rl.question(`Everything in ${name} will be deleted first. Type the volume name to go on: `)).trim() ===
      name
    );
  } finally {
    rl.close();
  }
}

/** stdin, a file here, or an archive on an sftp:// or rclone: target (streamed, its .sha256 checked at the end). */
export async function sourceOf(file: string, io: Pick<RestoreIo, 'stdin'>): Promise<RestoreRequest['source']> {
  if (file === '-') return {kind: 'stream', stream: io.stdin as AsyncIterable<Buffer>, label: '-'};
  if (!isRemoteAddress(file)) return {kind: 'file', path: file};
  return {kind: 'stream', label: file, ...(await storedArchive(file))};
}
