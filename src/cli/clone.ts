import {createInterface} from 'node:readline/promises';
import type {TransferGateway} from '../docker/gateway.js';
import {formatSize} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {clone} from '../ops/clone.js';
import {cloneSummary} from '../model/job-text.js';
import {EXIT, ReportedError, reportOpErrors} from './errors.js';

/** One end of `volscope clone`: the volume, its engine's gateway, and the context named (if any). */
export interface CliCloneEnd {
  readonly engine: TransferGateway;
  readonly volume: string;
  readonly context?: string;
}

export interface CloneIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream & {isTTY?: boolean};
  readonly stdin: NodeJS.ReadableStream & {isTTY?: boolean};
}

const named = (end: CliCloneEnd) => (end.context ? `${end.context}:${end.volume}` : end.volume);

/** `volscope clone [CONTEXT:]SRC [CONTEXT:]DST [--no-labels] [--remove-source [-y]]`. */
export async function runClone(
  source: CliCloneEnd,
  target: CliCloneEnd,
  options: {labels: boolean; image: string; removeSource: boolean; yes: boolean},
  io: CloneIo,
): Promise<number> {
  const progress = io.err.isTTY ? progressLine(io.err) : undefined;
  const result = await reportOpErrors(
    clone(
      {engine: source.engine, volume: source.volume, ...(source.context ? {where: source.context} : {})},
      {engine: target.engine, volume: target.volume, ...(target.context ? {where: target.context} : {})},
      {
        labels: options.labels,
        image: options.image,
        log: (line) => io.err.write(`volscope: ${sanitize(line)}\n`),
        ...(progress ? {onProgress: progress.update} : {}),
        ...(options.removeSource
          ? {
              removeSource: () => {
                progress?.done();
                return options.yes ? Promise.resolve(true) : confirmRemoval(named(source), io);
              },
            }
          : {}),
      },
    ).finally(() => progress?.done()),
  );
  if (result.runningUsers.length) {
    io.out.write(
      `warning: ${sanitize(named(source))} was in use by ${result.runningUsers.length === 1 ? 'a running container' : 'running containers'} (${result.runningUsers.map(sanitize).join(', ')}): files changing during the copy may be inconsistent.\n`,
    );
  }
  io.out.write(`${cloneSummary(named(source), named(target), result, options.labels)}\n`);
  return result.sourceKept ? EXIT.failure : EXIT.ok;
}

/** A move removes the source only after a typed confirmation: the name, as for restore --replace. */
async function confirmRemoval(name: string, io: CloneIo): Promise<boolean> {
  if (!io.stdin.isTTY)
    throw new ReportedError(
      `The copy is verified, but ${name} was not removed: stdin is not a terminal to ask on. Add --yes to confirm --remove-source.`,
      EXIT.usage,
    );
  const rl = createInterface({input: io.stdin, output: io.err});
  try {
    return (await rl.question(`The copy is verified. Type ${name} to remove the source: `)).trim() === name;
  } finally {
    rl.close();
  }
}

/** Bytes and rate on one line of stderr while the copy runs (a terminal only: logs get the summary). */
function progressLine(err: NodeJS.WritableStream): {update(bytes: number): void; done(): void} {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(bytes) {
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      shown = true;
      const seconds = Math.max(0.001, (now - started) / 1000);
      err.write(`\r\u001b[2Kcloning: ${formatSize(bytes, '?')} of tar, ${formatSize(bytes / seconds, '?')}/s`);
    },
    done() {
      if (shown) err.write('\r\u001b[2K');
      shown = false;
    },
  };
}
