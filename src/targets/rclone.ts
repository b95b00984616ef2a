import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {once} from 'node:events';
import {joinTarget, type StoreAddress, addressText} from '../model/store-address.js';
import {type RemoteStore, StoreError, type StoredFile, temporaryName, type Upload} from './store.js';

/** What an rclone run printed, and how it ended. */
interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * An `rclone:REMOTE:path` target: S3, B2, GCS, Azure, WebDAV, sftp and the rest through the user's
 * own rclone configuration, with no cloud SDK of ours. Uploads stream through `rclone rcat` to a
 * hidden temporary name, are checked with the remote's SHA-256 (`rclone hashsum`, downloading when
 * the remote keeps no SHA-256), then moved to their name; reads stream through `rclone cat`.
 */
export class RcloneStore implements RemoteStore {
  readonly label: string;

  constructor(
    private readonly target: Extract<StoreAddress, {kind: 'rclone'}>,
    private readonly command = 'rclone',
  ) {
    this.label = addressText(target);
  }

  private spec(name?: string): string {
    return `${this.target.remote}:${name === undefined ? this.target.path : joinTarget(this.target.path, name)}`;
  }

  private run(args: string[], input?: string): Promise<Ran> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, args, {stdio: ['pipe', 'pipe', 'pipe']});
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (error: NodeJS.ErrnoException) => reject(this.missing(error)));
      child.on('close', (code) => resolve({code, stdout, stderr}));
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
  }

  private missing(error: NodeJS.ErrnoException): Error {
    return error.code === 'ENOENT'
      ? new StoreError(
          'unavailable',
          `${this.label}: rclone is not installed; rclone: targets need it (https://rclone.org/install/).`,
        )
      : error;
  }

  private async ok(args: string[], what: string, input?: string): Promise<string> {
    const ran = await this.run(args, input);
    if (ran.code !== 0) throw new StoreError('unavailable', `${this.label}: ${what} failed: ${lastLine(ran.stderr)}`);
    return ran.stdout;
  }

  async ensureFolder(): Promise<void> {
    await this.ok(['mkdir', this.spec()], 'making the folder');
  }

  async list(): Promise<StoredFile[]> {
    const out = await this.ok(['lsjson', '--files-only', this.spec()], 'listing the folder');
    const entries = JSON.parse(out) as {Name: string; Size: number; ModTime?: string; IsDir: boolean}[];
    return entries
      .filter((entry) => !entry.IsDir)
      .map((entry) => ({
        name: entry.Name,
        size: entry.Size,
        modified: entry.ModTime ? new Date(entry.ModTime) : undefined,
      }));
  }

  async *read(name: string, range?: {offset: number; length: number}): AsyncGenerator<Buffer> {
    const args = [
      'cat',
      ...(range ? ['--offset', String(range.offset), '--count', String(range.length)] : []),
      this.spec(name),
    ];
    const child = spawn(this.command, args, {stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const spawned = once(child, 'spawn').catch((error: NodeJS.ErrnoException) => {
      throw this.missing(error);
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await spawned;
    try {
      for await (const chunk of child.stdout) yield chunk as Buffer;
      const code = await closed;
      if (code !== 0) throw new StoreError('missing', `${this.label}: cannot read ${name}: ${lastLine(stderr)}`);
    } finally {
      if (child.exitCode === null) child.kill();
    }
  }

  async readSmall(name: string): Promise<string | undefined> {
    const ran = await this.run(['cat', this.spec(name)]);
    return ran.code === 0 ? ran.stdout : undefined;
  }

  async upload(name: string): Promise<Upload> {
    const temp = temporaryName(name, randomBytes(4).toString('hex'));
    const child = spawn(this.command, ['rcat', this.spec(temp)], {stdio: ['pipe', 'ignore', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await once(child, 'spawn').catch((error: NodeJS.ErrnoException) => {
      throw this.missing(error);
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    let failed: Error | undefined;
    child.stdin.on('error', (error) => (failed ??= error));
    const store = this;
    return {
      async write(chunk) {
        if (failed || child.exitCode !== null)
          throw new StoreError(
            'unavailable',
            `${store.label}: the upload stopped: ${lastLine(stderr) || failed?.message}`,
          );
        if (!child.stdin.write(chunk)) await Promise.race([once(child.stdin, 'drain'), closed]);
      },
      async commit(sha256) {
        child.stdin.end();
        if ((await closed) !== 0)
          throw new StoreError('unavailable', `${store.label}: the upload failed: ${lastLine(stderr)}`);
        const arrived = await store.sha256Of(temp);
        if (arrived !== sha256)
          throw new StoreError(
            'checksum',
            `${store.label}: what arrived is not what was sent (SHA-256 ${arrived}, sent ${sha256}); nothing was kept.`,
          );
        if ((await store.run(['lsjson', '--files-only', store.spec(name)])).stdout.includes('"Name"'))
          throw new StoreError('exists', `${store.label}/${name} already exists: nothing was replaced.`);
        await store.ok(['rcat', store.spec(`${name}.sha256`)], 'writing the .sha256', `${sha256}  ${name}\n`);
        await store.ok(['moveto', store.spec(temp), store.spec(name)], 'giving the archive its name');
      },
      async abort() {
        if (child.exitCode === null) child.kill();
        await closed;
        await store.run(['deletefile', store.spec(temp)]).catch(() => undefined);
      },
    };
  }

  /** The remote's SHA-256 of a file; one that keeps none is downloaded for it. */
  private async sha256Of(name: string): Promise<string> {
    let ran = await this.run(['hashsum', 'sha256', this.spec(name)]);
    if (ran.code !== 0 || !/^[0-9a-f]{64}\s/.test(ran.stdout))
      ran = await this.run(['hashsum', 'sha256', '--download', this.spec(name)]);
    const hex = /^([0-9a-f]{64})\s/.exec(ran.stdout)?.[1];
    if (!hex)
      throw new StoreError('unavailable', `${this.label}: cannot get the SHA-256 of ${name}: ${lastLine(ran.stderr)}`);
    return hex;
  }

  async remove(name: string): Promise<void> {
    await this.ok(['deletefile', this.spec(name)], `removing ${name}`);
  }

  async close(): Promise<void> {}
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .at(-1)
      ?.replace(/^\S+ \S+ (ERROR|NOTICE|INFO)\s*:\s*/, '') ?? ''
  );
}
