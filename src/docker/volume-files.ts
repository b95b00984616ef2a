import {isUtf8} from 'node:buffer';
import {PassThrough} from 'node:stream';
import type Docker from 'dockerode';
import {DiskUsageParser} from '../model/disk-usage.js';
import {displayPath, encodePathArg, encodePathQuery, joinBytes, type VolumePath} from '../model/files.js';
import {ListingParser} from '../model/listing.js';
import {engineMessage} from './errors.js';
import {FileError, type FileProblem, type FileService, type FileSession, type HelperProgress} from './gateway.js';
import {ensureHelperImage} from './helper-image.js';
import {DU_CANCEL_SCRIPT, DU_SCRIPT, EXIT, LIST_SCRIPT, READ_SCRIPT, TAR_SCRIPT} from './helper-scripts.js';
import {createIdleHelper, HELPER_MOUNT, HelperSession, removeHelper} from './helper.js';

/** Docker: `bind source path does not exist: /x`; Podman: `statfs /x: no such file or directory`. */
function bindSourceMissing(error: unknown): boolean {
  const text = String((error as {message?: string})?.message ?? error);
  return /bind source path does not exist|no such file or directory/i.test(text);
}

export function missingBindText(path: string): string {
  return `${path} no longer exists on the engine's host. volscope does not create it (\`docker run -v\` would, as an empty directory owned by root).`;
}

/** Long enough to read a file in peace; a killed volscope's helper is gone a couple of minutes later. */
export const HELPER_IDLE_SECONDS = 120;

const PROBLEM_BY_EXIT: Record<number, FileProblem> = {
  [EXIT.gone]: 'gone',
  [EXIT.notDirectory]: 'notDirectory',
  [EXIT.outside]: 'outside',
  [EXIT.notFile]: 'notFile',
  [EXIT.cannotEnter]: 'cannotEnter',
};

const MESSAGES: Record<FileProblem, string> = {
  gone: 'no longer exists (removed or renamed meanwhile, or a link whose target is missing)',
  notDirectory: 'is not a directory',
  outside: 'leads outside the volume (a link): volscope does not follow it',
  notFile: 'is not a regular file (a fifo, socket or device cannot be previewed)',
  cannotEnter: 'cannot be entered (permission denied inside the helper)',
  failed: 'failed',
};

export class DockerFileService implements FileService {
  private readonly sessions = new Set<DockerFileSession>();
  private shutDown = false;

  constructor(
    private readonly docker: Docker,
    private readonly image: string,
    private readonly idleSeconds = HELPER_IDLE_SECONDS,
  ) {}

  async open(volume: string, onProgress: (progress: HelperProgress) => void): Promise<FileSession> {
    // The engine would silently create a missing volume for the helper's mount: a volume removed
    // since the table showed it must not come back because someone wanted to look inside.
    await this.docker
      .getVolume(volume)
      .inspect()
      .catch((error: {statusCode?: number}) => {
        if (error.statusCode === 404)
          throw new FileError('gone', `The volume ${volume} no longer exists (removed meanwhile).`);
        throw error;
      });
    await ensureHelperImage(this.docker, this.image, onProgress);
    return this.startSession({volume}, onProgress, (error) => error);
  }

  /** Browses a host path that containers bind (read-only); a path gone from the host is refused, never created. */
  async openBind(path: string, onProgress: (progress: HelperProgress) => void): Promise<FileSession> {
    await ensureHelperImage(this.docker, this.image, onProgress);
    // Podman creates a missing bind source for any mount, read-only or not: ask first.
    if (!(await this.probeBinds([path])).get(path)) throw new FileError('gone', missingBindText(path));
    return this.startSession({volume: path, bind: path}, onProgress, (error) =>
      bindSourceMissing(error) ? new FileError('gone', missingBindText(path)) : error,
    );
  }

  /** One helper started for a session; a failure removes it again and is reported as `failed` words it. */
  private async startSession(
    mount: {volume: string; bind?: string},
    onProgress: (progress: HelperProgress) => void,
    failed: (error: unknown) => unknown,
  ): Promise<FileSession> {
    if (this.shutDown) throw new FileError('failed', 'volscope is quitting');
    onProgress({phase: 'starting', image: this.image});
    // A session stays in the set until its helper is removed, so closeAll() waits for that too.
    const session = new DockerFileSession(
      this.docker,
      {image: this.image, ...mount, idleSeconds: this.idleSeconds},
      (s) => this.sessions.delete(s),
    );
    this.sessions.add(session);
    try {
      await session.ensureHelper();
    } catch (error) {
      await session.close();
      throw failed(error);
    }
    return session;
  }

  /**
   * Which of these paths the engine's host has. Mounting a path to look would not do: Podman
   * creates a missing bind source even for a read-only mount. So one helper is created (never
   * started) with the host's `/` read-only — it always exists, nothing is made — and the engine
   * stats each path through the archive API (HEAD), resolving links inside that mount only.
   */
  async probeBinds(paths: readonly string[]): Promise<Map<string, boolean>> {
    await ensureHelperImage(this.docker, this.image, () => {});
    const container = await createIdleHelper(this.docker, {
      image: this.image,
      volume: '/',
      bind: '/',
      idleSeconds: this.idleSeconds,
    });
    try {
      const found = new Map<string, boolean>();
      for (const path of paths) {
        const exists = await container
          .infoArchive({path: `${HELPER_MOUNT}${path.startsWith('/') ? '' : '/'}${path}`})
          .then(
            () => true,
            (error: {statusCode?: number}) => {
              if (error.statusCode === 404) return false;
              throw error;
            },
          );
        found.set(path, exists);
      }
      return found;
    } finally {
      await removeHelper(container).catch(() => undefined);
    }
  }

  async closeAll(): Promise<void> {
    this.shutDown = true;
    await Promise.all([...this.sessions].map((session) => session.close()));
  }
}

class DockerFileSession implements FileSession {
  private helper: HelperSession | undefined;
  private starting: Promise<HelperSession> | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly options: {image: string; volume: string; bind?: string; idleSeconds: number},
    private readonly onClosed: (session: DockerFileSession) => void,
  ) {}

  /** The helper, started again if it ended on its idle timeout while the user was reading. */
  async ensureHelper(): Promise<HelperSession> {
    if (this.closed) throw new FileError('failed', 'the browsing session is closed');
    if (this.helper) return this.helper;
    this.starting ??= HelperSession.start(this.docker, this.options).then(
      (helper) => {
        this.helper = helper;
        this.starting = undefined;
        return helper;
      },
      (error: unknown) => {
        this.starting = undefined;
        throw new FileError('failed', `could not start the helper container: ${engineMessage(error)}`);
      },
    );
    return this.starting;
  }

  /** Runs on the helper; once more on a fresh helper if the old one has ended (404/409). */
  private async withHelper<T>(run: (helper: HelperSession) => Promise<T>): Promise<T> {
    const helper = await this.ensureHelper();
    try {
      return await run(helper);
    } catch (error) {
      const status = (error as {statusCode?: number}).statusCode;
      if (this.closed || (status !== 404 && status !== 409)) throw error;
      if (this.helper === helper) this.helper = undefined;
      return run(await this.ensureHelper());
    }
  }

  async list(
    path: VolumePath,
    onEntries: Parameters<FileSession['list']>[1],
    signal?: AbortSignal,
  ): Promise<{skipped: number}> {
    const parser = new ListingParser();
    // find exits 1 when an entry vanished before stat got to it: the listing is still right.
    await this.streamParsed(path, [LIST_SCRIPT, 'volscope-list'], parser, onEntries, signal);
    return {skipped: parser.skipped};
  }

  async read(path: VolumePath, limit: number): Promise<Buffer> {
    const result = await this.withHelper((helper) =>
      helper.exec(['sh', '-c', READ_SCRIPT, 'volscope-read', encodePathArg(path), String(limit)]),
    );
    if (result.exitCode !== 0) throw this.problem(path, result.exitCode, result.stderr);
    return result.stdout;
  }

  async diskUsage(
    path: VolumePath,
    onItems: Parameters<FileSession['diskUsage']>[1],
    signal?: AbortSignal,
  ): Promise<{total: number | undefined}> {
    const parser = new DiskUsageParser();
    const cancel = () => void this.helper?.exec(['sh', '-c', DU_CANCEL_SCRIPT]).catch(() => undefined);
    signal?.addEventListener('abort', cancel, {once: true});
    try {
      // du exits 1 when it could not read part of the tree; what it could read is still shown.
      await this.streamParsed(path, [DU_SCRIPT, 'volscope-du'], parser, onItems, signal);
      return {total: parser.total};
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /** Runs a script on the path and feeds its output through a parser as it streams; exit 1 is a warning. */
  private async streamParsed<T>(
    path: VolumePath,
    [script, name]: [string, string],
    parser: {push(chunk: Buffer): T[]; end(): T[]},
    onItems: (items: T[]) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const {exitCode, stderr} = await this.withHelper((helper) =>
      helper.execStream(
        ['sh', '-c', script, name, encodePathArg(path)],
        (chunk) => {
          const items = parser.push(chunk);
          if (items.length) onItems(items);
        },
        signal,
      ),
    );
    const rest = parser.end();
    if (rest.length) onItems(rest);
    if (exitCode > 1) throw this.problem(path, exitCode, stderr);
  }

  async archive(path: VolumePath): Promise<NodeJS.ReadableStream> {
    if (path.some((part) => !isUtf8(part))) return this.tarInHelper(path);
    const absolute = Buffer.concat([Buffer.from(`${HELPER_MOUNT}/`), joinBytes(path)]);
    try {
      return await this.withHelper((helper) => helper.archive(encodePathQuery(absolute)));
    } catch (error) {
      if ((error as {statusCode?: number}).statusCode === 404 && this.helper)
        throw new FileError('gone', `${displayPath(path)} ${MESSAGES.gone}`);
      throw error;
    }
  }

  /** The same tar stream, made by busybox tar in the helper and streamed out through exec. */
  private async tarInHelper(path: VolumePath): Promise<NodeJS.ReadableStream> {
    const out = new PassThrough();
    const helper = await this.ensureHelper();
    const argv = [
      'sh',
      '-c',
      TAR_SCRIPT,
      'volscope-tar',
      encodePathArg(path.slice(0, -1)),
      encodePathArg(path.slice(-1)),
    ];
    helper
      .execStream(argv, (chunk) => out.write(chunk))
      .then(({exitCode, stderr}) => (exitCode === 0 ? out.end() : out.destroy(this.problem(path, exitCode, stderr))))
      .catch((error: unknown) => out.destroy(error as Error));
    return out;
  }

  /** Removes the helper; every caller (the browser closing, quit, a signal) waits for the same removal. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      try {
        const helper = this.helper ?? (await this.starting?.catch(() => undefined));
        this.helper = undefined;
        await helper?.close();
      } finally {
        this.onClosed(this);
      }
    })();
    return this.closing;
  }

  private problem(path: VolumePath, exitCode: number, stderr: Buffer): FileError {
    const problem = PROBLEM_BY_EXIT[exitCode] ?? 'failed';
    const detail =
      problem === 'failed'
        ? `: exit ${exitCode}${stderr.length ? `, ${stderr.toString('utf8').trim().split('\n')[0]}` : ''}`
        : '';
    return new FileError(problem, `${displayPath(path)} ${MESSAGES[problem]}${detail}`);
  }
}
