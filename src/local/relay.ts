/** Bytes handed to the checker and not read by it yet; past this the upload waits for it. */
const CHECK_AHEAD = 16 * 1024 * 1024;

/** A queue of chunks with backpressure: the producer waits while the consumer is far behind. */
export class Relay {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private ended = false;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  async push(chunk: Buffer): Promise<void> {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.wakeReader?.();
    while (this.bytes > CHECK_AHEAD && !this.ended) await new Promise<void>((resolve) => (this.wakeWriter = resolve));
  }

  end(): void {
    this.ended = true;
    this.wakeReader?.();
    this.wakeWriter?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        while (!this.chunks.length && !this.ended) await new Promise<void>((resolve) => (this.wakeReader = resolve));
        const chunk = this.chunks.shift();
        if (!chunk) return;
        this.bytes -= chunk.length;
        this.wakeWriter?.();
        yield chunk;
      }
    } finally {
      // A checker that gave up must not hold the upload.
      this.end();
    }
  }
}
