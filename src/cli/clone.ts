import type {TransferGateway} from '../docker/gateway.js';
import {clone} from '../ops/clone.js';
import {cloneSummary} from '../ops/text.js';
import {sanitize} from '../model/sanitize.js';
import {EXIT, reportOpErrors} from './errors.js';

/** `volscope clone SRC DST [--no-labels]`. */
export async function runClone(engine: TransferGateway, source: string, target: string, options: {labels: boolean; image: string}, out: NodeJS.WritableStream): Promise<number> {
  const result = await reportOpErrors(clone(engine, source, target, options));
  if (result.runningUsers.length) {
    out.write(`warning: ${sanitize(source)} was in use by ${result.runningUsers.length === 1 ? 'a running container' : 'running containers'} (${result.runningUsers.map(sanitize).join(', ')}): files changing during the copy may be inconsistent.\n`);
  }
  out.write(`${cloneSummary(source, target, result, options.labels)}\n`);
  return EXIT.ok;
}
