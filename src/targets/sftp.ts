import {createHash, randomBytes} from 'node:crypto';
import type {Duplex} from 'node:stream';
import {joinTarget, type StoreAddress, addressText} from '../model/store-address.js';
import {SshConnection, type SshSettings} from '../ssh/connection.js';
import {type RemoteStore, StoreError, type StoredFile, temporaryName, type Upload} from './store.js';

/** What volscope uses of ssh2's SFTP client. */
interface Sftp {
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

/** Writes in flight at once: one 32 KiB request at a time would wait a round trip for each. */
const PIECE = 32 * 1024;
const IN_FLIGHT = 64;
const REGULAR = 0o100000;
const TYPE_MASK = 0o170000;

function call<T>(start: (done: (error: Error | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

/** Single quotes for a POSIX shell: the one way a path with any byte in it stays one word. */
function quoted(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

/**
 * An sftp:// target over the SSH connection ssh:// engines use (agent, keys, known_hosts). An upload
 * goes to a hidden temporary name with many writes in flight, is checked with the server's own
 * `sha256sum` when the account may run commands (else read back over SFTP), then renamed — SFTP's
 * rename never replaces an existing file.
 */
export class SftpStore implements RemoteStore {
  readonly label: string;
  private readonly connection: SshConnection;
  private session: Promise<Sftp> | undefined;

  constructor(
    private readonly target: Extract<StoreAddress, {kind: 'sftp'}>,
    settings: SshSettings = {},
  ) {
    this.label = addressText(target);
    this.connection = new SshConnection({host: target.host, port: target.port, username: target.username}, settings);
  }

  /** Rejects when a session's connection drops. */
  private readonly lost = new WeakMap<Sftp, Promise<never>>();

  /** One SFTP request, given up when the connection drops (ssh2 never answers those). */
  ask<T>(sftp: Sftp, start: (done: (error: Error | undefined, value: T) => void) => void): Promise<T> {
    return Promise.race([call<T>(start), this.lostWith(sftp)]);
  }

  lostWith(sftp: Sftp): Promise<never> {
    return this.lost.get(sftp) ?? new Promise<never>(() => {});
  }

  private sftp(): Promise<Sftp> {
    if (this.session) return this.session;
    const session: Promise<Sftp> = this.connection.connect().then(
      (client) =>
        call<Sftp>((done) => client.sftp(done as (error: Error | undefined, sftp: unknown) => void)).then((sftp) => {
          // A dropped connection: requests under way are never answered, so whoever waits on them
          // waits on `lost` too; the next call connects again (an abort's clean-up needs that).
          const lost = new Promise<never>((_, reject) => {
            const drop = () => {
              if (this.session === session) this.session = undefined;
              reject(new StoreError('unavailable', `${this.label}: the SSH connection was lost`));
            };
            (sftp as unknown as {on(event: string, f: () => void): void}).on('close', drop);
            client.on('close', drop);
          });
          lost.catch(() => undefined);
          this.lost.set(sftp, lost);
          return sftp;
        }),
      (error: unknown) => {
        this.session = undefined;
        throw error;
      },
    );
    this.session = session;
    return session;
  }

  private path(name: string): string {
    return joinTarget(this.target.path, name);
  }

  async ensureFolder(): Promise<void> {
    const sftp = await this.sftp();
    const parts = this.target.path.split('/');
    for (let i = 1; i <= parts.length; i += 1) {
      const prefix = parts.slice(0, i).join('/');
      if (!prefix || prefix === '.') continue;
      const there = await this.ask<{mode: number}>(sftp, (done) => sftp.stat(prefix, done)).catch(() => undefined);
      if (there) {
        if ((there.mode & TYPE_MASK) === REGULAR)
          throw new StoreError('unavailable', `${this.label}: ${prefix} is a file, not a folder.`);
        continue;
      }
      await this.ask<void>(sftp, (done) => sftp.mkdir(prefix, done)).catch((error: Error) => {
        throw new StoreError('unavailable', `${this.label}: cannot make the folder ${prefix}: ${error.message}.`);
      });
    }
  }

  async list(): Promise<StoredFile[]> {
    const sftp = await this.sftp();
    const entries = await this.ask<{filename: string; attrs: {size: number; mtime: number; mode: number}}[]>(
      sftp,
      (done) => sftp.readdir(this.target.path, done),
    ).catch((error: Error) => {
      throw new StoreError('missing', `${this.label}: cannot list the folder: ${error.message}.`);
    });
    return entries
      .filter((entry) => (entry.attrs.mode & TYPE_MASK) === REGULAR)
      .map((entry) => ({name: entry.filename, size: entry.attrs.size, modified: new Date(entry.attrs.mtime * 1000)}));
  }

  async *read(name: string, range?: {offset: number; length: number}): AsyncGenerator<Buffer> {
    const sftp = await this.sftp();
    const handle = await this.ask<Buffer>(sftp, (done) => sftp.open(this.path(name), 'r', done)).catch(
      (error: Error) => {
        throw new StoreError('missing', `${this.label}: cannot open ${name}: ${error.message}.`);
      },
    );
    try {
      yield* readPipelined(
        sftp,
        handle,
        this.lostWith(sftp),
        range?.offset ?? 0,
        range ? range.offset + range.length : Number.POSITIVE_INFINITY,
      );
    } finally {
      await this.ask<void>(sftp, (done) => sftp.close(handle, done)).catch(() => undefined);
    }
  }

  async readSmall(name: string): Promise<string | undefined> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of this.read(name, {offset: 0, length: 64 * 1024})) chunks.push(chunk);
      return Buffer.concat(chunks).toString('utf8');
    } catch {
      return undefined;
    }
  }

  async upload(name: string): Promise<Upload> {
    const sftp = await this.sftp();
    const temp = this.path(temporaryName(name, randomBytes(4).toString('hex')));
    const handle = await this.ask<Buffer>(sftp, (done) => sftp.open(temp, 'wx', done)).catch((error: Error) => {
      throw new StoreError('unavailable', `${this.label}: cannot create ${temp}: ${error.message}.`);
    });
    return new SftpUpload(this, sftp, handle, temp, name);
  }

  /** The server's own hash of a file, when the account may run sha256sum; undefined otherwise. */
  async serverSha256(path: string): Promise<string | undefined> {
    try {
      const client = await this.connection.connect();
      const stream = await call<Duplex>((done) => client.exec(`sha256sum -- ${quoted(path)}`, done));
      let out = '';
      stream.on('data', (d: Buffer) => (out += d.toString()));
      stream.resume();
      const code = await new Promise<number | undefined>((resolve) => stream.on('close', (c: number) => resolve(c)));
      const hex = /^([0-9a-f]{64})\s/.exec(out)?.[1];
      return code === 0 ? hex : undefined;
    } catch {
      return undefined;
    }
  }

  /** A file's SHA-256: the server's, or read back over SFTP. */
  async sha256Of(path: string): Promise<string> {
    const served = await this.serverSha256(path);
    if (served) return served;
    const sftp = await this.sftp();
    const handle = await this.ask<Buffer>(sftp, (done) => sftp.open(path, 'r', done));
    const hash = createHash('sha256');
    try {
      for await (const chunk of readPipelined(sftp, handle, this.lostWith(sftp), 0, Number.POSITIVE_INFINITY))
        hash.update(chunk);
    } finally {
      await this.ask<void>(sftp, (done) => sftp.close(handle, done)).catch(() => undefined);
    }
    return hash.digest('hex');
  }

  /** An upload's clean-up after its connection dropped: on a fresh one. */
  async removeQuietly(path: string): Promise<void> {
    const sftp = await this.sftp().catch(() => undefined);
    if (sftp) await this.ask<void>(sftp, (done) => sftp.unlink(path, done)).catch(() => undefined);
  }

  async putSmall(name: string, text: string): Promise<void> {
    const sftp = await this.sftp();
    const temp = this.path(temporaryName(name, randomBytes(4).toString('hex')));
    const handle = await this.ask<Buffer>(sftp, (done) => sftp.open(temp, 'wx', done));
    const data = Buffer.from(text);
    try {
      await this.ask<void>(sftp, (done) => sftp.write(handle, data, 0, data.length, 0, done));
    } finally {
      await this.ask<void>(sftp, (done) => sftp.close(handle, done)).catch(() => undefined);
    }
    await this.renameOver(temp, this.path(name));
  }

  /** SFTP's rename refuses an existing target: a sidecar that is there is replaced on purpose. */
  private async renameOver(from: string, to: string): Promise<void> {
    const sftp = await this.sftp();
    await this.ask<void>(sftp, (done) => sftp.unlink(to, done)).catch(() => undefined);
    await this.ask<void>(sftp, (done) => sftp.rename(from, to, done));
  }

  async rename(from: string, to: string): Promise<void> {
    const sftp = await this.sftp();
    await this.ask<void>(sftp, (done) => sftp.rename(from, to, done));
  }

  async exists(path: string): Promise<boolean> {
    const sftp = await this.sftp();
    return this.ask<{mode: number}>(sftp, (done) => sftp.stat(path, done)).then(
      () => true,
      () => false,
    );
  }

  async remove(name: string): Promise<void> {
    const sftp = await this.sftp();
    await this.ask<void>(sftp, (done) => sftp.unlink(this.path(name), done));
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    (await session?.catch(() => undefined))?.end();
    this.connection.close();
  }

  finalPath(name: string): string {
    return this.path(name);
  }
}

class SftpUpload implements Upload {
  private position = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private failed: Error | undefined;
  private closed = false;
  private readonly lost: Promise<never>;

  constructor(
    private readonly store: SftpStore,
    private readonly sftp: Sftp,
    private readonly handle: Buffer,
    private readonly temp: string,
    private readonly name: string,
  ) {
    this.lost = store.lostWith(sftp);
  }

  async write(chunk: Buffer): Promise<void> {
    for (let at = 0; at < chunk.length; at += PIECE) {
      while (this.inFlight.size >= IN_FLIGHT) await Promise.race([...this.inFlight, this.lost]);
      if (this.failed) throw this.failed;
      const piece = chunk.subarray(at, at + PIECE);
      const position = this.position;
      this.position += piece.length;
      const request: Promise<void> = this.store
        .ask<void>(this.sftp, (done) => this.sftp.write(this.handle, piece, 0, piece.length, position, done))
        .then(
          () => void this.inFlight.delete(request),
          (error: Error) => {
            this.failed ??= new StoreError('unavailable', `${this.store.label}: the upload stopped: ${error.message}`);
            this.inFlight.delete(request);
          },
        );
      this.inFlight.add(request);
    }
  }

  async commit(sha256: string): Promise<void> {
    await Promise.race([Promise.all(this.inFlight), this.lost]);
    if (this.failed) throw this.failed;
    await this.closeHandle();
    const final = this.store.finalPath(this.name);
    const arrived = await this.store.sha256Of(this.temp);
    if (arrived !== sha256)
      throw new StoreError(
        'checksum',
        `${this.store.label}: what arrived is not what was sent (SHA-256 ${arrived}, sent ${sha256}); nothing was kept.`,
      );
    if (await this.store.exists(final))
      throw new StoreError('exists', `${this.store.label}/${this.name} already exists: nothing was replaced.`);
    await this.store.putSmall(`${this.name}.sha256`, `${sha256}  ${this.name}\n`);
    await this.store.rename(this.temp, final).catch((error: Error) => {
      throw new StoreError('exists', `${this.store.label}: cannot give ${this.name} its name: ${error.message}.`);
    });
  }

  async abort(): Promise<void> {
    await Promise.race([Promise.allSettled(this.inFlight), this.lost.catch(() => undefined)]);
    await this.closeHandle().catch(() => undefined);
    await this.store.removeQuietly(this.temp);
  }

  private async closeHandle(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.store.ask<void>(this.sftp, (done) => this.sftp.close(this.handle, done));
  }
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
async function* readPipelined(
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
