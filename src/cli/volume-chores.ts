import {createInterface} from 'node:readline/promises';
import type {TransferGateway} from '../docker/gateway.js';
import {COMPOSE_PROJECT_LABEL} from '../model/anonymous.js';
import {formatSize} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {emptyVolume, previewEmpty} from '../ops/empty.js';
import {renameVolume} from '../ops/rename.js';
import {emptySummary, renameSummary} from '../model/job-text.js';
import {EXIT, ReportedError, reportOpErrors, stopAdvice} from './errors.js';

export interface ChoreIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream & {isTTY?: boolean};
  readonly stdin: NodeJS.ReadableStream & {isTTY?: boolean};
}

/**
 * `volscope empty VOLUME [--yes] [--stop-containers]`: what goes is shown first (entries, bytes,
 * who uses it), then the volume's name is typed unless --yes; the volume itself stays.
 */
export async function runEmpty(
  engine: TransferGateway,
  volume: string,
  options: {yes: boolean; stopContainers: boolean; image: string},
  io: ChoreIo,
): Promise<number> {
  const preview = await reportOpErrors(previewEmpty(engine, volume, options.image));
  const name = sanitize(volume);
  io.err.write(
    `${name} holds ${preview.entries.toLocaleString('en-US')} ${preview.entries === 1 ? 'entry' : 'entries'} (${formatSize(preview.bytes, '?')}); all of it goes, the volume, its name and labels stay.\n`,
  );
  if (preview.runningUsers.length) {
    io.err.write(
      `In use by ${preview.runningUsers.map(sanitize).join(', ')}${options.stopContainers ? ': stopped for the duration, started again afterwards' : ''}.\n`,
    );
  }
  if (!options.yes) {
    if (!io.stdin.isTTY)
      throw new ReportedError(
        `Nothing was deleted: stdin is not a terminal to ask on. Add --yes to empty ${name}.`,
        EXIT.usage,
      );
    const rl = createInterface({input: io.stdin, output: io.err});
    const typed = await rl.question(`Type ${name} to delete everything in it: `).finally(() => rl.close());
    if (typed.trim() !== volume) {
      io.err.write('Not confirmed: nothing was deleted.\n');
      return EXIT.failure;
    }
  }
  const result = await reportOpErrors(
    emptyVolume(engine, {
      volume,
      image: options.image,
      stopContainers: options.stopContainers,
      log: (line) => io.err.write(`volscope: ${sanitize(line)}\n`),
    }),
    {inUse: stopAdvice('emptying')},
  );
  io.out.write(`${emptySummary(volume, result)}\n`);
  return EXIT.ok;
}

/** `volscope rename OLD NEW`: copy, compare, remove OLD; a failure leaves OLD as it was and no NEW. */
export async function runRename(
  engine: TransferGateway,
  from: string,
  to: string,
  options: {image: string},
  io: ChoreIo,
): Promise<number> {
  const project = (await engine.listVolumes()).find((v) => v.name === from)?.labels[COMPOSE_PROJECT_LABEL];
  if (project) {
    io.err.write(
      `note: ${sanitize(from)} belongs to Compose project ${sanitize(project)}. Compose finds its volumes by name: to it, ${sanitize(to)} is a new volume, and \`docker compose up\` makes ${sanitize(from)} again, empty.\n`,
    );
  }
  const result = await reportOpErrors(
    renameVolume(engine, {
      from,
      to,
      image: options.image,
      log: (line) => io.err.write(`volscope: ${sanitize(line)}\n`),
    }),
  );
  io.out.write(`${renameSummary(from, to, result)}\n`);
  return EXIT.ok;
}
