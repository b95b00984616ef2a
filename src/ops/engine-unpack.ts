import {once} from 'node:events';
import {PassThrough} from 'node:stream';
import type {VolumeTransfer} from '../docker/gateway.js';
import {engineMessage} from '../docker/errors.js';

/**
 * The engine's side of a restore: PUT archive on a never-started helper, fed chunk by chunk with
 * backpressure. Aborting cuts the request, so the engine never mistakes a partial tar for a whole one.
 */
export class EngineUnpack {
  // 1 MiB: a PassThrough buffers on both its sides, and the HTTP request holds more beyond it.
  private readonly body = new PassThrough({highWaterMark: 1 << 20});
  private readonly controller = new AbortController();
  private put: Promise<void> | undefined;
  private failed: Promise<never> | undefined;
  private error: Error | undefined;

  constructor(
    private readonly engine: Pick<VolumeTransfer, 'restoreIntoVolume'>,
    private readonly name: string,
    private readonly image: string,
  ) {}

  get started(): boolean {
    return this.put !== undefined;
  }

  start(): void {
    this.put = this.engine.restoreIntoVolume(this.name, this.image, this.body, this.controller.signal);
    this.put.catch((error: Error) => (this.error = error));
    this.failed = this.put.then(() => {
      throw new Error('the engine stopped reading the archive');
    });
    this.failed.catch(() => undefined);
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.error) throw this.error;
    if (!this.body.write(chunk)) await Promise.race([once(this.body, 'drain'), this.failed]);
  }

  /** The engine's problems, if any, once the whole archive is sent. */
  async finish(): Promise<string[]> {
    if (!this.put) return [];
    this.body.end();
    try {
      await this.put;
      return [];
    } catch (error) {
      const words = engineMessage(error);
      const full = /no space left on device/i.test(words)
        ? " — the volume's filesystem is full (its size limit, or the engine's disk)"
        : '';
      return [`the engine could not unpack it: ${words}${full}`];
    }
  }

  async abort(): Promise<void> {
    if (!this.put) return;
    this.controller.abort();
    this.body.destroy();
    await this.put.catch(() => undefined);
  }
}
