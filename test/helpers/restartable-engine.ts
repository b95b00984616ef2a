import {spawn, execFile} from 'node:child_process';
import {existsSync, mkdirSync, openSync, readFileSync, rmSync} from 'node:fs';
import {promisify} from 'node:util';
import {TEST_IMAGE, type TestEngine, until} from './engines.js';

const run = promisify(execFile);

const NETNS = 'volscope-restart';
const SOCKET = '/run/volscope-test/restart.sock';
const PIDFILE = '/run/volscope-test-restart.pid';
const CONTAINERD_PIDFILE = '/run/volscope-test-restart/containerd/containerd.pid';
const LOG = '/var/log/volscope-test-dockerd-restart.log';
/** Where the image comes from: the 20.10 engine scripts/test-engine.sh brings up. */
const IMAGE_SOURCE = 'unix:///var/run/docker.sock';

/**
 * A third engine the tests may kill: bookworm's dockerd on its own socket, data and exec roots,
 * inside its own network namespace (entered with nsenter: `ip netns exec` hides the cgroup
 * mounts and dockerd fails; and `--bridge none` in the host's namespace would delete the other
 * engines' docker0). Its data root survives a kill, so volumes and the helper image do too.
 */
export const restartEngine: TestEngine & {start(): Promise<void>; kill(): Promise<void>} = {
  name: 'docker-20.10-restartable',
  url: `unix://${SOCKET}`,
  api: '1.41',

  async start(): Promise<void> {
    if (await answers()) return;
    // What a kill left: a dockerd still dying, its containerd, the pid file that makes a new one refuse.
    await stopProcesses();
    const namespaces = (await run('ip', ['netns', 'list'])).stdout;
    if (!namespaces.split('\n').some((line) => line.split(' ')[0] === NETNS)) await run('ip', ['netns', 'add', NETNS]);
    mkdirSync('/run/volscope-test', {recursive: true});
    const log = openSync(LOG, 'a');
    const child = spawn(
      'nsenter',
      [
        `--net=/var/run/netns/${NETNS}`,
        '/usr/sbin/dockerd',
        '--host',
        `unix://${SOCKET}`,
        '--data-root',
        '/var/lib/volscope-test-restart',
        '--exec-root',
        '/run/volscope-test-restart',
        '--pidfile',
        PIDFILE,
        '--containerd-namespace',
        NETNS,
        '--containerd-plugins-namespace',
        `${NETNS}-plugins`,
        '--bridge',
        'none',
        '--iptables=false',
      ],
      {detached: true, stdio: ['ignore', log, log]},
    );
    child.unref();
    // A restart after a kill waits for the containers it finds (a helper that was running) to stop.
    await until(() => answers(), 60_000, `the restartable engine on ${SOCKET} (log: ${LOG})`);
    const images = (await run('docker', ['-H', this.url, 'images', '-q', TEST_IMAGE])).stdout.trim();
    if (!images)
      await run('sh', ['-c', `docker -H ${IMAGE_SOURCE} save ${TEST_IMAGE} | docker -H ${this.url} load -q`]);
  },

  /** SIGKILL, as when the engine crashes or its host drops: nothing is shut down in order. */
  async kill(): Promise<void> {
    await stopProcesses();
    await until(async () => !(await answers()), 10_000, 'the restartable engine to stop answering');
  },
};

/** SIGKILL to the engine and its containerd (the shims of running containers live on, as in a crash). */
async function stopProcesses(): Promise<void> {
  for (const pidfile of [PIDFILE, CONTAINERD_PIDFILE]) {
    if (!existsSync(pidfile)) continue;
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    // A pid file left by an earlier run on this machine may name a pid reused by something else.
    if (Number.isInteger(pid) && pid > 0 && alive(pid) && isEngineProcess(pid)) {
      process.kill(pid, 'SIGKILL');
      await until(() => !alive(pid), 10_000, `process ${pid} (${pidfile}) to exit`);
    }
    rmSync(pidfile, {force: true});
  }
}

function isEngineProcess(pid: number): boolean {
  try {
    return /^(dockerd|containerd)$/.test(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers kill(0) until its parent reaps it: it no longer runs.
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function answers(): Promise<boolean> {
  try {
    await run('docker', ['-H', `unix://${SOCKET}`, 'version', '--format', '{{.Server.APIVersion}}'], {timeout: 5000});
    return true;
  } catch {
    return false;
  }
}
