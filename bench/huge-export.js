// Driven by bench/huge.js in its own process (so its RSS is the export's alone): exports a whole
// volume through the browser's path (helper, engine archive API, atomic local unpack), or previews
// a file of it, and prints one JSON line.
//   node bench/huge-export.js export SOCKET IMAGE VOLUME DEST
//   node bench/huge-export.js preview SOCKET IMAGE VOLUME FILE
import {DockerodeGateway} from '../dist/docker/dockerode-gateway.js';
import {parseEngineUrl} from '../dist/docker/endpoint.js';
import {exportArchive} from '../dist/local/export.js';
import {PREVIEW_LIMIT} from '../dist/model/preview.js';

const [mode, socket, image, volume, target] = process.argv.slice(2);
const files = new DockerodeGateway(parseEngineUrl(`unix://${socket}`, '--host')).fileService(image);
const session = await files.open(volume, () => {});
const started = performance.now();
try {
  if (mode === 'export') {
    const archive = await session.archive([]);
    const {bytes} = await exportArchive(archive, target, {overwrite: false});
    console.log(JSON.stringify({bytes, ms: performance.now() - started}));
  } else {
    const bytes = await session.read([Buffer.from(target)], PREVIEW_LIMIT);
    console.log(JSON.stringify({bytes: bytes.length, ms: performance.now() - started}));
  }
} finally {
  await files.closeAll();
}
