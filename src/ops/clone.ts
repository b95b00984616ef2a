import {type Readable, Transform} from 'node:stream';
import type {TransferGateway} from '../docker/gateway.js';
import {runningUsersOf} from '../model/running-users.js';
import {OpError} from './errors.js';

export interface CloneResult {
  readonly created: boolean;
  readonly labelsCopied: number;
  readonly bytes: number;
  readonly seconds: number;
  /** Live containers that use the source: the copy may be inconsistent. */
  readonly runningUsers: readonly string[];
}

/**
 * SOURCE's tar from one never-started helper straight into TARGET through another — nothing lands
 * on this machine's disk. TARGET is created with SOURCE's driver, options and labels (unless
 * declined) and must not exist with content.
 */
export async function clone(engine: TransferGateway, source: string, target: string, options: {labels: boolean; image: string}): Promise<CloneResult> {
  if (source === target) throw new OpError('badRequest', 'Source and destination are the same volume.');
  const [volumes, containers] = await Promise.all([engine.listVolumes(), engine.listContainers()]);
  const from = volumes.find((v) => v.name === source);
  if (!from) throw new OpError('notFound', `No volume named ${source} on this engine (\`docker volume ls\` lists them).`);
  const runningUsers = runningUsersOf(containers, source).map((c) => c.name);
  const exists = volumes.some((v) => v.name === target);
  if (exists && !(await engine.volumeIsEmpty(target, options.image))) {
    throw new OpError('notEmpty', `Not cloning into ${target}: it already holds files. Choose a new name.`);
  }
  if (!exists) await engine.createVolume({name: target, driver: from.driver, driverOpts: from.options, labels: options.labels ? from.labels : {}});
  const started = performance.now();
  const archive = await engine.openVolumeArchive(source, options.image);
  let bytes = 0;
  // Counted on the way through: a 'data' listener on the source itself would drain it before the upload reads.
  const counted = (archive.stream as Readable).pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(null, chunk);
      },
    }),
  );
  try {
    await engine.restoreIntoVolume(target, options.image, counted);
  } finally {
    await archive.release();
  }
  return {created: !exists, labelsCopied: options.labels ? Object.keys(from.labels).length : 0, bytes, seconds: (performance.now() - started) / 1000, runningUsers};
}
