import {createHash, randomBytes} from 'node:crypto';
import type {Duplex} from 'node:stream';
import {joinTarget, type StoreAddress, addressText} from '../model/store-address.js';
import {SshConnection, type SshSettings} from '../ssh/connection.js';
import {call, readPipelined, type Sftp} from './sftp-protocol.js';
import {type SftpFinish, SftpUpload} from './sftp-upload.js';
import {type RemoteStore, StoreError, type StoredFile, temporaryName, type Upload} from './store.js';

const REGULAR = 0o100000;
const TYPE_MASK = 0o170000;

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
export class SftpStore implements RemoteStore, SftpFinish {
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

  /**
   * The server's own hash of a file, when the account may run commands: OpenSSL's (several times
   * faster than coreutils' sha256sum where the CPU has SHA instructions), else sha256sum; undefined
   * when neither runs (an sftp-only account).
   */
  async serverSha256(path: string): Promise<string | undefined> {
    const file = quoted(path.startsWith('-') ? `./${path}` : path);
    try {
      const client = await this.connection.connect();
      const stream = await call<Duplex>((done) =>
        client.exec(`openssl dgst -sha256 -r ${file} 2>/dev/null || sha256sum ${file}`, done),
      );
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
