import {createInterface} from 'node:readline/promises';
import type {TransferGateway} from '../docker/gateway.js';
import {sanitize} from '../model/sanitize.js';
import {OpError} from '../ops/errors.js';
import {restore} from '../ops/restore.js';
import {restoreSummary} from '../ops/text.js';
import {EXIT, ReportedError, reportOpErrors} from './errors.js';

export interface RestoreOptions {
  readonly replace: boolean;
  readonly yes: boolean;
  /** Create a missing volume plain (local, no labels) instead of as recorded. */
  readonly plain: boolean;
  readonly image: string;
  /** Stop running containers that use the volume, and start them again afterwards. */
  readonly stopContainers?: boolean;
}

export interface RestoreIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & {isTTY?: boolean};
}

/** `volscope restore FILE|- VOLUME`: the restore operation, asking on the terminal before --replace empties anything. */
export async function runRestore(engine: TransferGateway, file: string, name: string, options: RestoreOptions, io: RestoreIo): Promise<number> {
  const result = await reportOpErrors(
    restore(engine, {
      source: file === '-' ? {kind: 'stream', stream: io.stdin as AsyncIterable<Buffer>, label: '-'} : {kind: 'file', path: file},
      volume: name,
      replace: options.replace,
      plain: options.plain,
      image: options.image,
      stopContainers: options.stopContainers ?? false,
      ...(options.yes ? {} : {confirmReplace: (volume: string) => confirmEmpty(volume, io)}),
      log: (line) => io.err.write(`volscope: ${sanitize(line)}\n`),
    }).catch((error: unknown) => {
      if (error instanceof OpError && error.reason === 'declined') return undefined;
      throw error;
    }),
  );
  if (!result) {
    io.out.write('Cancelled: nothing changed.\n');
    return EXIT.failure;
  }
  io.out.write(`${restoreSummary(name, result)}\n`);
  return EXIT.ok;
}

async function confirmEmpty(name: string, io: RestoreIo): Promise<boolean> {
  if (!io.stdin.isTTY) {
    throw new ReportedError(`Not emptying ${name}: stdin is not a terminal to ask on. Add --yes to confirm --replace.`, EXIT.usage);
  }
  const rl = createInterface({input: io.stdin, output: io.out});
  try {
    return (await rl.question(`Everything in ${name} will be deleted first. Type the volume name to go on: `)).trim() === name;
  } finally {
    rl.close();
  }
}
