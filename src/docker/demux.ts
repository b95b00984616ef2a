/** Docker's multiplexed stream: 8-byte frames [stream, 0, 0, 0, size (u32 BE)] then the payload. */
export class Demultiplexer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly onStdout: (chunk: Buffer) => void,
    private readonly onStderr: (chunk: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4);
      if (buf.length < 8 + size) break;
      const payload = buf.subarray(8, 8 + size);
      if (buf[0] === 2) this.onStderr(Buffer.from(payload));
      else this.onStdout(Buffer.from(payload));
      buf = buf.subarray(8 + size);
    }
    this.pending = buf;
  }
}
