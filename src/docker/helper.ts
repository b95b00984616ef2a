import {hostname} from 'node:os';
import {PassThrough} from 'node:stream';
import type Docker from 'dockerode';

/** Every helper carries these labels: how orphans from a killed run are found and removed. */
export const HELPER_LABEL = 'io.volscope.helper';
const OWNER_HOST_LABEL = 'io.volscope.owner-host';
const OWNER_PID_LABEL = 'io.volscope.owner-pid';
const VOLUME_LABEL = 'io.volscope.volume';

/** Where the volume appears inside the helper. */
export const HELPER_MOUNT = '/volume';

/**
 * The helper's own command: it exits once nothing touched /tmp/alive for `$1` seconds, so a
 * volscope that was killed with SIGKILL leaves nothing running for long. No user text in it.
 */
const IDLE_SCRIPT =
  'touch /tmp/alive; while sleep 2; do now=$(date +%s); last=$(stat -c %Y /tmp/alive) || exit 0; [ $((now - last)) -lt "$1" ] || exit 0; done';
/** Each exec first marks the helper as alive, then runs its argv unchanged ("$@": never a shell string). */
const EXEC_PREFIX = ['sh', '-c', 'touch /tmp/alive; exec "$@"', 'volscope-exec'];

export interface HelperOptions {
  readonly image: string;
  readonly volume: string;
  readonly idleSeconds: number;
  readonly ownerHost?: string;
  readonly ownerPid?: number;
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
      [VOLUME_LABEL]: options.volume,
    },
    NetworkDisabled: true,
    WorkingDir: HELPER_MOUNT,
    HostConfig: {
      Mounts: [{Type: 'volume', Source: options.volume, Target: HELPER_MOUNT, ReadOnly: true}],
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      CapAdd: ['DAC_READ_SEARCH'],
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

  private constructor(private readonly docker: Docker, readonly container: Docker.Container) {}

  static async start(docker: Docker, options: HelperOptions): Promise<HelperSession> {
    const container = await docker.createContainer(helperSpec(options));
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
    const exec = await this.container.exec({Cmd: [...EXEC_PREFIX, ...argv], AttachStdout: true, AttachStderr: true});
    const stream = await exec.start({hijack: true, stdin: false});
    const out = new PassThrough();
    const err = new PassThrough();
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    out.on('data', (chunk: Buffer) => stdout.push(chunk));
    err.on('data', (chunk: Buffer) => stderr.push(chunk));
    this.docker.modem.demuxStream(stream, out, err);
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    const {ExitCode} = await exec.inspect();
    return {exitCode: ExitCode ?? -1, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr)};
  }

  /** Removes the helper; safe to call twice, and when the engine already removed it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.container.remove({force: true}).catch((error: {statusCode?: number}) => {
      if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
    });
  }
}

/**
 * Removes helpers left by volscope runs on this host that no longer exist (killed before they
 * could clean up). Helpers of live runs, and of other hosts sharing the engine, are left alone.
 */
export async function sweepOrphanHelpers(docker: Docker, isAlive: (pid: number) => boolean = pidAlive): Promise<string[]> {
  const host = hostname();
  const list = await docker.listContainers({all: true, filters: {label: [HELPER_LABEL]}});
  const orphans = list.filter((c) => c.Labels[OWNER_HOST_LABEL] === host && !isAlive(Number(c.Labels[OWNER_PID_LABEL])));
  await Promise.all(orphans.map((c) => docker.getContainer(c.Id).remove({force: true}).catch(() => undefined)));
  return orphans.map((c) => c.Id);
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
