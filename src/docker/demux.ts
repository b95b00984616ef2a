/**
 * Docker's multiplexed stream: 8-byte frames [stream, 0, 0, 0, size (u32 BE)] then the payload.
 * Payloads are handed on as views of the chunks received, a frame split across chunks as its
 * parts: no copy of the data (a copy out of a volume is gigabytes of it).
 */
export class Demultiplexer {
  private readonly header = Buffer.alloc(8);
  private headerBytes = 0;
  private remaining = 0;
  private toStderr = false;

  constructor(
    private readonly onStdout: (chunk: Buffer) => void,
    private readonly onStderr: (chunk: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - at);
        const payload = chunk.subarray(at, at + take);
        if (this.toStderr) this.onStderr(payload);
        else this.onStdout(payload);
        this.remaining -= take;
        at += take;
        continue;
      }
      const take = Math.min(8 - this.headerBytes, chunk.length - at);
      chunk.copy(this.header, this.headerBytes, at, at + take);
      this.headerBytes += take;
      at += take;
      if (this.headerBytes < 8) continue;
      this.headerBytes = 0;
      this.toStderr = this.header[0] === 2;
      this.remaining = this.header.readUInt32BE(4);
    }
  }
}
