/** What volscope uses of ssh2's SFTP client (and, below, reading with requests in flight). */
export interface Sftp {
  open(path: string, flags: string, callback: (error: Error | undefined, handle: Buffer) => void): void;
  write(
    handle: Buffer,
    data: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (error: Error | undefined) => void,
  ): void;
  read(
    handle: Buffer,
    into: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (error: Error | undefined, bytesRead: number) => void,
  ): void;
  close(handle: Buffer, callback: (error: Error | undefined) => void): void;
  rename(from: string, to: string, callback: (error: Error | undefined) => void): void;
  unlink(path: string, callback: (error: Error | undefined) => void): void;
  mkdir(path: string, callback: (error: Error | undefined) => void): void;
  stat(path: string, callback: (error: Error | undefined, attrs: {size: number; mode: number}) => void): void;
  readdir(
    path: string,
    callback: (
      error: Error | undefined,
      list: {filename: string; attrs: {size: number; mtime: number; mode: number}}[],
    ) => void,
  ): void;
  end(): void;
}

export function call<T>(start: (done: (error: Error | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

/** One read at a position: the bytes read (empty at the end of the file, which SFTP reports as an EOF status). */
function readAt(sftp: Sftp, handle: Buffer, lost: Promise<never>, position: number, length: number): Promise<Buffer> {
  const into = Buffer.allocUnsafe(length);
  return Promise.race([
    call<number>((done) => sftp.read(handle, into, 0, length, position, done)).then(
      (bytes) => into.subarray(0, bytes),
      (error: Error & {code?: number}) => {
        if (error.code === 1 || /EOF|end of file/i.test(error.message)) return Buffer.alloc(0);
        throw error;
      },
    ),
    lost,
  ]);
}

/**
 * Reads ahead with several requests in flight, handing the bytes on in order. A server may answer
 * a read with fewer bytes than asked (not only at the end): the rest of that piece is read before
 * the next is handed on, so there is never a hole.
 */
export async function* readPipelined(
  sftp: Sftp,
  handle: Buffer,
  lost: Promise<never>,
  start: number,
  end: number,
): AsyncGenerator<Buffer> {
  const size = 64 * 1024;
  const depth = 16;
  let next = start;
  const queue: {position: number; length: number; bytes: Promise<Buffer>}[] = [];
  const ask = () => {
    if (next >= end) return;
    const position = next;
    const length = Math.min(size, end - position);
    next += length;
    const bytes = readAt(sftp, handle, lost, position, length);
    bytes.catch(() => undefined);
    queue.push({position, length, bytes});
  };
  for (let i = 0; i < depth; i += 1) ask();
  try {
    while (queue.length) {
      const piece = queue.shift()!;
      let chunk = await piece.bytes;
      if (chunk.length === 0) return;
      while (chunk.length < piece.length) {
        const rest = await readAt(sftp, handle, lost, piece.position + chunk.length, piece.length - chunk.length);
        if (rest.length === 0) {
          if (chunk.length) yield chunk;
          return;
        }
        chunk = Buffer.concat([chunk, rest]);
      }
      yield chunk;
      ask();
    }
  } finally {
    await Promise.allSettled(queue.map((piece) => piece.bytes));
  }
}
