// The file browser's export as the TUI runs it (tui/volume-jobs.ts: a file session on the volume,
// its archive of one path, local/export.ts), in a process of its own so the crash harness can
// kill it: node browser-export.mjs ENGINE_URL IMAGE VOLUME PATH DESTINATION [overwrite]
import {DockerodeGateway} from '../../dist/docker/dockerode-gateway.js';
import {parseEngineUrl} from '../../dist/docker/endpoint.js';
import {exportArchive} from '../../dist/local/export.js';

const [url, image, volume, path, destination, overwrite] = process.argv.slice(2);
const gateway = new DockerodeGateway(parseEngineUrl(url, '--host'));
// As the TUI does when it starts: what killed runs left goes first.
await gateway.sweepOrphans();
const session = await gateway.fileService(image).open(volume, () => {});
try {
  const archive = await session.archive(
    path
      .split('/')
      .filter(Boolean)
      .map((part) => Buffer.from(part)),
  );
  const {bytes} = await exportArchive(archive, destination, {overwrite: overwrite === 'overwrite'});
  process.stdout.write(`exported ${bytes} bytes\n`);
} finally {
  // As the TUI: the export is done or not by now; a helper that cannot be removed is the sweep's.
  await session.close().catch(() => undefined);
}
