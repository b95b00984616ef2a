import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {TEST_IMAGE, TEST_LABEL, type TestEngine, docker} from './engines.js';
import {hostPathOf} from './volume-on-host.js';

const run = promisify(execFile);

/**
 * A volume the crash harness kills operations on: 3 MB of random bytes (enough tar chunks to be
 * killed mid-stream) and 2,000 small files in 20 folders (listings long enough to be killed
 * mid-read), a symlink and a mode of its own.
 */
export async function makeCrashFixture(engine: TestEngine, name: string): Promise<void> {
  await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, name);
  await docker(
    engine,
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${name}:/v`,
    TEST_IMAGE,
    'sh',
    '-c',
    'head -c 3000000 /dev/urandom > /v/big.bin; chmod 640 /v/big.bin; ln -s big.bin /v/link; i=0; while [ $i -lt 20 ]; do mkdir /v/d$i; j=0; while [ $j -lt 100 ]; do echo "$i $j" > /v/d$i/f$j; j=$((j+1)); done; i=$((i+1)); done',
  );
}

/**
 * A new volume `name` holding a copy of `source`'s files (modes and links kept): the volume an
 * operation is then killed on. Copied on the host, between the engine's folders of the two
 * (helpers/volume-on-host.ts): a copy in a container cost a container's start each case.
 */
export async function copyOfVolume(engine: TestEngine, source: string, name: string): Promise<void> {
  await docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, name);
  const [from, to] = await Promise.all([hostPathOf(engine, source), hostPathOf(engine, name)]);
  await run('cp', ['-a', `${from}/.`, `${to}/`]);
}

/** Removes the named volumes and any mark of a half-done operation on them. */
export async function removeVolumes(engine: TestEngine, names: readonly string[]): Promise<void> {
  const markers = await docker(engine, 'volume', 'ls', '-q', '--filter', 'label=io.volscope.incomplete');
  const doomed = [...names, ...markers.split('\n').filter((m) => names.some((n) => m.startsWith(`${n}.`)))];
  for (const name of doomed) await docker(engine, 'volume', 'rm', '-f', name).catch(() => undefined);
}
