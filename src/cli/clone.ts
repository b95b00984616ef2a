import {type Readable, Transform} from 'node:stream';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {formatSize, plural} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {EXIT, ReportedError} from './errors.js';

export interface CloneResult {
  readonly created: boolean;
  readonly labelsCopied: number;
  readonly bytes: number;
  readonly seconds: number;
  /** Running containers that use the source: the copy may be inconsistent. */
  readonly runningUsers: readonly string[];
}

/**
 * SRC's tar from one never-started helper straight into DST through another — nothing lands on
 * this machine's disk. DST is created with SRC's driver, options and labels (unless declined)
 * and must not exist with content. Shared by `volscope clone` and the TUI's `c`.
 */
export async function cloneVolume(gateway: DockerodeGateway, source: string, target: string, options: {labels: boolean; image: string}): Promise<CloneResult> {
  if (source === target) throw new ReportedError('Source and destination are the same volume.', EXIT.usage);
  const [volumes, containers] = await Promise.all([gateway.listVolumes(), gateway.listContainers()]);
  const from = volumes.find((v) => v.name === source);
  if (!from) throw new ReportedError(`No volume named ${source} on this engine (\`docker volume ls\` lists them).`);
  const runningUsers = containers.filter((c) => c.state === 'running' && c.mounts.some((m) => m.volumeName === source)).map((c) => c.name);
  const exists = volumes.some((v) => v.name === target);
  if (exists && !(await gateway.volumeIsEmpty(target, options.image))) {
    throw new ReportedError(`Not cloning into ${target}: it already holds files. Choose a new name.`);
  }
  if (!exists) await gateway.createVolume({name: target, driver: from.driver, driverOpts: from.options, labels: options.labels ? from.labels : {}});
  const started = performance.now();
  const archive = await gateway.openVolumeArchive(source, options.image);
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
    await gateway.restoreIntoVolume(target, options.image, counted);
  } finally {
    await archive.release();
  }
  return {created: !exists, labelsCopied: options.labels ? Object.keys(from.labels).length : 0, bytes, seconds: (performance.now() - started) / 1000, runningUsers};
}

export function cloneSummary(source: string, target: string, result: CloneResult, labels: boolean): string {
  const created = result.created ? ` (created, ${labels ? `${plural(result.labelsCopied, 'label')} copied` : 'labels not copied'})` : '';
  return `Cloned ${sanitize(source)} into ${sanitize(target)}${created}: ${formatSize(result.bytes, '?')} of tar in ${result.seconds.toFixed(1)} s.`;
}

/** `volscope clone SRC DST [--no-labels]`. */
export async function runClone(gateway: DockerodeGateway, source: string, target: string, options: {labels: boolean; image: string}, out: NodeJS.WritableStream): Promise<number> {
  const result = await cloneVolume(gateway, source, target, options);
  if (result.runningUsers.length) {
    out.write(`warning: ${sanitize(source)} was in use by ${result.runningUsers.length === 1 ? 'a running container' : 'running containers'} (${result.runningUsers.map(sanitize).join(', ')}): files changing during the copy may be inconsistent.\n`);
  }
  out.write(`${cloneSummary(source, target, result, options.labels)}\n`);
  return EXIT.ok;
}
