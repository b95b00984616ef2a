import {hostname} from 'node:os';
import {crashPoint} from '../local/crash-points.js';
import type Docker from 'dockerode';
import {Demultiplexer} from './demux.js';

/** Every helper carries these labels: how orphans from a killed run are found and removed. */
export const HELPER_LABEL = 'io.volscope.helper';
export const OWNER_HOST_LABEL = 'io.volscope.owner-host';
export const OWNER_PID_LABEL = 'io.volscope.owner-pid';
const VOLUME_LABEL = 'io.volscope.volume';

/**
 * Helpers this process is using now. Any other helper labelled with this host and pid is a
 * leftover: its removal failed because the engine was away, and the sweep after a reconnect
 * finishes it.
 */
const inUse = new Set<string>();

/** Whether this process is using the helper now (a sweep leaves it). */
export function helperInUse(id: string): boolean {
  return inUse.has(id);
}

/** Removes a helper this process made; a 404 (AutoRemove or a restart got there first) is fine. */
export async function removeHelper(container: Docker.Container): Promise<void> {
  inUse.delete(container.id);
  await container.remove({force: true}).catch((error: {statusCode?: number}) => {
    if (error.statusCode !== 404) throw error;
  });
}

/** Where the volume appears inside the helper. */
export const HELPER_MOUNT = '/volume';
/** Where a clone inside one engine mounts its source (read-only). */
export const COPY_FROM_MOUNT = '/from';

/**
 * The helper's own command: it exits once nothing touched /tmp/alive for `$1` seconds, so a
 * volscope that was killed with SIGKILL leaves nothing running for long. While an exec is still
 * running (a long `du`), /proc holds more than this shell and the helper counts as busy.
 * No user text in it.
 */
const IDLE_SCRIPT =
  'idle=$1; touch /tmp/alive; while sleep 2; do set -- /proc/[0-9]*; [ $# -le 1 ] || touch /tmp/alive; ' +
  'now=$(date +%s); last=$(stat -c %Y /tmp/alive) || exit 0; [ $((now - last)) -lt "$idle" ] || exit 0; done';
/** Each exec first marks the helper as alive, then runs its argv unchanged ("$@": never a shell string). */
const EXEC_PREFIX = ['sh', '-c', 'touch /tmp/alive; exec "$@"', 'volscope-exec'];

export interface HelperOptions {
  readonly image: string;
  readonly volume: string;
  readonly idleSeconds: number;
  readonly ownerHost?: string;
  readonly ownerPid?: number;
  /** Only a restore writes: it mounts the volume read-write. */
  readonly writable?: boolean;
  /**
   * A clone inside one engine: this volume is mounted read-only at /from, the target (writable)
   * at /volume, and `cp -a` needs to set owners, modes and device nodes as they were.
   */
  readonly copyFrom?: string;
  /**
   * A host path (a container's bind source) mounted read-only in place of the volume. The Mounts
   * API refuses a missing source, where `-v` would create it: looking never makes a directory.
   */
  readonly bind?: string;
}

/**
 * The locked-down container spec: volume read-only, no network, every capability dropped but
 * DAC_READ_SEARCH (read any file whatever its mode), read-only root with a 1 MiB /tmp, no new
 * privileges, memory and pid limits, removed by the engine when it stops.
 */
export function helperSpec(options: HelperOptions): Docker.ContainerCreateOptions {
  return {
    Image: options.image,
    Entrypoint: ['sh', '-c', IDLE_SCRIPT, 'volscope-helper'],
    Cmd: [String(options.idleSeconds)],
    Labels: {
      [HELPER_LABEL]: '1',
      [OWNER_HOST_LABEL]: options.ownerHost ?? hostname(),
      [OWNER_PID_LABEL]: String(options.ownerPid ?? process.pid),
      [VOLUME_LABEL]: options.bind !== undefined ? `bind:${options.bind}` : options.volume,
    },
    NetworkDisabled: true,
    WorkingDir: HELPER_MOUNT,
    HostConfig: {
      Mounts: [
        options.bind !== undefined
          ? {Type: 'bind' as const, Source: options.bind, Target: HELPER_MOUNT, ReadOnly: true}
          : {Type: 'volume' as const, Source: options.volume, Target: HELPER_MOUNT, ReadOnly: !options.writable},
        ...(options.copyFrom
          ? [{Type: 'volume' as const, Source: options.copyFrom, Target: COPY_FROM_MOUNT, ReadOnly: true}]
          : []),
      ],
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      // Emptying a volume for a restore must delete what any user owns: that, and no more.
      CapAdd: options.copyFrom
        ? ['DAC_READ_SEARCH', 'DAC_OVERRIDE', 'FOWNER', 'CHOWN', 'FSETID', 'MKNOD']
        : options.writable
          ? ['DAC_READ_SEARCH', 'DAC_OVERRIDE', 'FOWNER']
          : ['DAC_READ_SEARCH'],
      ReadonlyRootfs: true,
      Tmpfs: {'/tmp': 'rw,noexec,nosuid,size=1m'},
      SecurityOpt: ['no-new-privileges'],
      Memory: 64 * 1024 * 1024,
      PidsLimit: 64,
      AutoRemove: true,
    },
  };
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/** One helper for one browsing session: started once, reused by every exec, removed on close. */
export class HelperSession {
  private closed = false;

  private constructor(
    private readonly docker: Docker,
    readonly container: Docker.Container,
  ) {}

  static async start(docker: Docker, options: HelperOptions): Promise<HelperSession> {
    const container = await docker.createContainer(helperSpec(options));
    inUse.add(container.id);
    crashPoint('helper');
    const session = new HelperSession(docker, container);
    try {
      await container.start();
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  get id(): string {
    return this.container.id;
  }

  /** Runs argv inside the helper; stdout and stderr are demultiplexed and returned whole. */
  async exec(argv: readonly string[]): Promise<ExecResult> {
    const stdout: Buffer[] = [];
    const {exitCode, stderr} = await this.execStream(argv, (chunk) => stdout.push(chunk));
    return {exitCode, stdout: Buffer.concat(stdout), stderr};
  }

  /**
   * Runs argv inside the helper and hands stdout over chunk by chunk, so a listing of 100,000
   * entries shows up as it arrives. Aborting stops reading; the process inside is the caller's
   * to stop (see the du cancel script).
   */
  async execStream(
    argv: readonly string[],
    onStdout: (chunk: Buffer) => void,
    signal?: AbortSignal,
    onStream?: (stream: NodeJS.ReadableStream) => void,
  ): Promise<{exitCode: number; stderr: Buffer}> {
    const exec = await this.container.exec({Cmd: [...EXEC_PREFIX, ...argv], AttachStdout: true, AttachStderr: true});
    const stream = await exec.start({hijack: true, stdin: false});
    crashPoint('exec');
    onStream?.(stream);
    const stderr: Buffer[] = [];
    // Demultiplexed here, synchronously, rather than with modem.demuxStream into PassThroughs:
    // those can still hold data when the socket ends, and a listing would lose its last entries.
    const demux = new Demultiplexer(onStdout, (chunk) => stderr.push(chunk));
    stream.on('data', (chunk: Buffer) => {
      crashPoint('exec-data');
      demux.push(chunk);
    });
    await new Promise<void>((resolve, reject) => {
      const abort = () => {
        stream.destroy();
        reject(signal?.reason ?? new Error('aborted'));
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, {once: true});
      const done = () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', reject);
    });
    const {ExitCode} = await exec.inspect();
    return {exitCode: ExitCode ?? -1, stderr: Buffer.concat(stderr)};
  }

  /**
   * Runs argv with its stdout written to `out`, reading from the engine only as fast as `out`
   * takes it (a copy out of a volume may be gigabytes); `out` is not ended here.
   */
  async execPipe(
    argv: readonly string[],
    out: NodeJS.WritableStream,
    signal?: AbortSignal,
  ): Promise<{exitCode: number; stderr: Buffer}> {
    let socket: NodeJS.ReadableStream | undefined;
    return this.execStream(
      argv,
      (chunk) => {
        if (!out.write(chunk) && socket && !socket.isPaused()) {
          socket.pause();
          out.once('drain', () => socket?.resume());
        }
      },
      signal,
      (stream) => (socket = stream),
    );
  }

  /** The engine's archive of a path inside the helper (tar stream): works on remote engines too. */
  archive(absolutePathQuery: string): Promise<NodeJS.ReadableStream> {
    return getArchive(this.docker, this.container.id, absolutePathQuery);
  }

  /** Removes the helper; safe to call twice, and when the engine already removed it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await removeHelper(this.container).catch((error: {statusCode?: number}) => {
      if (error.statusCode !== 409) throw error;
    });
  }
}

/**
 * GET /containers/{id}/archive: works on a created, never-started container too. docker-modem
 * would re-encode a `path` option as UTF-8; the path's bytes are already percent-encoded, so it
 * goes in the URL as is (the trailing `&` is what dial strips when it has no options to add).
 */
export function getArchive(
  docker: Docker,
  containerId: string,
  absolutePathQuery: string,
): Promise<NodeJS.ReadableStream> {
  const modem = docker.modem as unknown as {
    dial(options: object, callback: (error: unknown, stream: unknown) => void): void;
  };
  return new Promise((resolve, reject) => {
    modem.dial(
      {
        path: `/containers/${containerId}/archive?path=${absolutePathQuery}&`,
        method: 'GET',
        isStream: true,
        statusCodes: {200: true, 400: 'bad parameter', 404: 'no such file or directory', 500: 'server error'},
        options: {},
      },
      (error, stream) => (error ? reject(error) : resolve(stream as NodeJS.ReadableStream)),
    );
  });
}

/**
 * A helper that is created but never started: enough for the archive API, and nothing runs.
 * The caller removes it (AutoRemove only acts on a container that ran); if volscope is killed
 * first, the orphan sweep finds it by label.
 */
export async function createIdleHelper(docker: Docker, options: HelperOptions): Promise<Docker.Container> {
  const container = await docker.createContainer(helperSpec(options));
  inUse.add(container.id);
  crashPoint('helper');
  return container;
}
