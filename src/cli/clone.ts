import {type Readable, Transform} from 'node:stream';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {formatSize, plural} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {EXIT, ReportedError} from './errors.js';

/**
 * `volscope clone SRC DST`: SRC's tar from one never-started helper straight into DST through
 * another — nothing lands on this machine's disk. DST is created with SRC's driver, options
 * and labels (unless --no-labels) and must not exist with content.
 */
export async function runClone(gateway: DockerodeGateway, source: string, target: string, options: {labels: boolean; image: string}, out: NodeJS.WritableStream): Promise<number> {
  if (source === target) throw new ReportedError('Source and destination are the same volume.', EXIT.usage);
  const [volumes, containers] = await Promise.all([gateway.listVolumes(), gateway.listContainers()]);
  const from = volumes.find((v) => v.name === source);
  if (!from) throw new ReportedError(`No volume named ${source} on this engine (\`docker volume ls\` lists them).`);
  const running = containers.filter((c) => c.state === 'running' && c.mounts.some((m) => m.volumeName === source));
  if (running.length) out.write(`warning: ${sanitize(source)} is in use by running ${plural(running.length, 'container')} (${running.map((c) => sanitize(c.name)).join(', ')}): files changing during the copy may be inconsistent.\n`);
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
  const seconds = (performance.now() - started) / 1000;
  out.write(`Cloned ${sanitize(source)} into ${sanitize(target)}${exists ? '' : ` (created, ${options.labels ? `${plural(Object.keys(from.labels).length, 'label')} copied` : 'labels not copied'})`}: ${formatSize(bytes, '?')} of tar in ${seconds.toFixed(1)} s.\n`);
  return EXIT.ok;
}
