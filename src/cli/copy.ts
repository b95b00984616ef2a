import type {VolumeCopy} from '../docker/gateway.js';
import {engineMessage} from '../docker/errors.js';
import type {CopyLocation} from '../model/copy-location.js';
import {formatSize} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {copy, type VolumeLocation} from '../ops/copy.js';
import {EXIT} from './errors.js';
import type {Invocation} from './invocation.js';
import {onInterrupt} from './interrupt.js';

export interface CopyIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream & {isTTY?: boolean};
}

/**
 * `volscope cp`: silent on success as cp is; each source that could not be copied is one line on
 * stderr, and the exit code is 1 if there was any. Ctrl+C cancels: no partial file is left under
 * a final name.
 */
export async function runCopy(
  sources: readonly CopyLocation[],
  dest: CopyLocation,
  engineOf: (location: VolumeLocation) => VolumeCopy,
  invocation: Extract<Invocation, {command: 'cp'}>,
  io: CopyIo,
): Promise<number> {
  const progress = invocation.progress ? progressLine(io.err) : undefined;
  const interrupt = onInterrupt();
  const signal = interrupt.signal;
  try {
    const report = await copy({
      sources,
      dest,
      engineOf,
      image: invocation.options.helperImage,
      keep: invocation.archive,
      ...(invocation.chown ? {chown: invocation.chown} : {}),
      signal,
      ...(progress ? {onBytes: progress.update} : {}),
    });
    progress?.done(report.bytes);
    for (const warning of report.warnings) io.err.write(`volscope cp: warning: ${sanitize(warning)}\n`);
    for (const failure of report.failures) io.err.write(`volscope cp: ${sanitize(failure)}\n`);
    return report.failures.length ? EXIT.failure : EXIT.ok;
  } catch (error) {
    progress?.done(undefined);
    if (signal.aborted) {
      io.err.write('volscope cp: cancelled; no partial file was left under a final name\n');
      return interrupt.code() || 130;
    }
    io.err.write(`volscope cp: ${sanitize(engineMessage(error))}\n`);
    return EXIT.failure;
  } finally {
    interrupt.release();
  }
}

/** Bytes and rate on stderr: one line redrawn on a terminal, a line a second in a log. */
function progressLine(err: CopyIo['err']): {update(bytes: number): void; done(bytes: number | undefined): void} {
  const started = Date.now();
  let last = 0;
  const line = (bytes: number) => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    return `${formatSize(bytes, '?')} copied, ${formatSize(bytes / seconds, '?')}/s`;
  };
  return {
    update(bytes) {
      const now = Date.now();
      if (now - last < (err.isTTY ? 250 : 1000)) return;
      last = now;
      err.write(err.isTTY ? `\r\u001b[2K${line(bytes)}` : `${line(bytes)}\n`);
    },
    done(bytes) {
      if (err.isTTY) err.write('\r\u001b[2K');
      if (bytes !== undefined) err.write(`${line(bytes)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
