import type {TransferGateway} from '../docker/gateway.js';
import type {Unlock} from '../local/age.js';
import {formatSize, plural} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {OpError} from '../ops/errors.js';
import {restoreTest} from '../ops/restore-test.js';
import {EXIT, LOCKED_ADVICE, ReportedError} from './errors.js';
import {onInterrupt} from './interrupt.js';
import {sourceOf} from './restore.js';

/**
 * `volscope verify FILE --restore-test`: prints "restore-tested on ENGINE at TIME" and exits 0, or
 * says what did not land as the archive describes it and exits 1.
 */
export async function runRestoreTest(
  engine: TransferGateway,
  file: string,
  options: {engine: string; unlock: Unlock | undefined; image: string},
  io: {out: NodeJS.WritableStream; err: NodeJS.WritableStream},
): Promise<number> {
  const interrupt = onInterrupt();
  const where = sanitize(options.engine);
  try {
    const source = await sourceOf(file, {stdin: process.stdin});
    const result = await restoreTest(engine, {
      source,
      image: options.image,
      unlock: options.unlock,
      signal: interrupt.signal,
    });
    io.out.write(
      `${sanitize(file)}: restore-tested on ${where} at ${result.at.toISOString()}\n  ${plural(result.entries, 'entry', 'entries')} (${formatSize(result.contentBytes, '?')} of content) restored into the scratch volume ${result.scratch} landed as the archive describes them; ${result.leftBehind ? `the scratch volume could not be removed (${sanitize(result.leftBehind)}): docker volume rm ${result.scratch}` : 'the scratch volume is removed'}\n`,
    );
    return result.leftBehind ? EXIT.failure : EXIT.ok;
  } catch (error) {
    if (interrupt.code()) return interrupt.code();
    if (error instanceof OpError)
      throw new ReportedError(
        `${file}: restore test FAILED on ${where}:\n${error.message}${error.reason === 'locked' ? `\n${LOCKED_ADVICE}` : ''}`,
      );
    throw error;
  } finally {
    interrupt.release();
  }
}
