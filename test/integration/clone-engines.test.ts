import {execFileSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {
  ENGINES,
  PODMAN,
  TEST_IMAGE,
  TEST_LABEL,
  type TestEngine,
  cleanEngine,
  describeWithEngines,
  docker,
  uniqueName,
  until,
} from '../helpers/engines.js';
import {type Sshd, startSshd} from '../helpers/remote-servers.js';
import {restartEngine} from '../helpers/restartable-engine.js';

const [D20, D26] = ENGINES as [TestEngine, TestEngine];

/** Hostile names, owners, modes, times, links, an empty dir and 20 MB of random data. */
const CONTENT = [
  'set -e; cd /v',
  'mkdir -p empty-dir deep/a/b docs',
  'printf "hello\\n" > docs/readme.txt; chmod 640 docs/readme.txt; chown 1234:5678 docs/readme.txt',
  'touch -d "2020-01-02 03:04:05" docs/readme.txt',
  'ln -s docs/readme.txt link-to-readme; ln -s /nowhere dangling; ln docs/readme.txt hard-link',
  'head -c 20000000 /dev/urandom > big.bin',
  'i=0; while [ $i -lt 200 ]; do echo "file $i" > deep/a/b/small-$i.txt; i=$((i+1)); done',
  'printf "n" > "$(printf "new\\nline")"; printf "e" > "$(printf "esc\\033]2;t\\007")"; printf "x" > "with space"',
].join('\n');
const STAT = [
  'sh',
  '-c',
  'cd "$1" && find . -mindepth 1 -exec stat -c "%n %a %u %g %Y %F %s" {} + | grep -v " directory " | sort; find . -mindepth 1 -type d -exec stat -c "%n %a %u %g %F" {} + | sort',
  'stat',
];
const HASHES = ['sh', '-c', 'cd "$1" && find . -type f -exec sha256sum {} + | sort', 'hashes'];

const inVolume = (engine: TestEngine, volume: string, argv: string[]) =>
  docker(engine, 'run', '--rm', '--network', 'none', '-v', `${volume}:/v:ro`, TEST_IMAGE, ...argv, '/v');
const exists = async (engine: TestEngine, volume: string) =>
  (await docker(engine, 'volume', 'ls', '-q', '--filter', `name=^${volume}$`)) === volume;
const helpersOn = (engine: TestEngine) => docker(engine, 'ps', '-aq', '--filter', 'label=io.volscope.helper');

/**
 * `volscope clone CONTEXT:SRC CONTEXT:DST` between the project's engines: 20.10 → 26.1,
 * 26.1 → Podman, and 20.10 → 26.1 reached over ssh://. The trees must be equal byte for byte.
 */
describeWithEngines('clone between engines', [D20, D26, PODMAN], () => {
  const source = uniqueName('xclone');
  let sshd: Sshd;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    sshd = await startSshd();
    await docker(D20, 'volume', 'create', '--label', `${TEST_LABEL}=1`, '--label', 'tier=db', source);
    await docker(D20, 'run', '--rm', '--network', 'none', '-v', `${source}:/v`, TEST_IMAGE, 'sh', '-c', CONTENT);
    const config = mkdtempSync(join(tmpdir(), 'volscope-xclone-'));
    const context = (name: string, host: string) =>
      execFileSync('docker', ['--config', config, 'context', 'create', name, '--docker', `host=${host}`], {
        stdio: 'ignore',
      });
    context('d20', D20.url);
    context('d26', D26.url);
    context('pod', PODMAN.url);
    context('far', `ssh://root@127.0.0.1:${sshd.port}${D26.url.replace('unix://', '')}`);
    context('kill', restartEngine.url);
    env = {
      DOCKER_CONFIG: config,
      HOME: sshd.home,
      VOLSCOPE_HELPER_IMAGE: TEST_IMAGE,
      DOCKER_HOST: undefined,
      DOCKER_CONTEXT: undefined,
      SSH_AUTH_SOCK: undefined,
    };
  }, 120_000);
  afterAll(async () => {
    sshd?.stop();
    for (const engine of [D20, D26, PODMAN]) await cleanEngine(engine);
  }, 60_000);

  const sameTree = async (from: TestEngine, fromName: string, to: TestEngine, toName: string) => {
    expect(await inVolume(to, toName, HASHES)).toBe(await inVolume(from, fromName, HASHES));
    expect(await inVolume(to, toName, STAT)).toBe(await inVolume(from, fromName, STAT));
  };

  it('20.10 → 26.1: created as recorded, trees equal, verified, no helper left on either', async () => {
    const target = `${source}-on26`;
    const result = await runCli(['clone', `d20:${source}`, `d26:${target}`], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `Cloned d20:${source} into d26:${target} \\(created, 2 labels copied\\): .* of tar streamed .* verified: \\d+ entries equal on both ends, tar sha256 [0-9a-f]{16}`,
      ),
    );
    await sameTree(D20, source, D26, target);
    expect(await docker(D26, 'volume', 'inspect', '-f', '{{index .Labels "tier"}}', target)).toBe('db');
    expect(await helpersOn(D20)).toBe('');
    expect(await helpersOn(D26)).toBe('');
    // A target that holds files now is refused, and nothing is created anywhere.
    const again = await runCli(['clone', `d20:${source}`, `d26:${target}`], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds files');
  }, 120_000);

  it('26.1 → Podman and 20.10 → 26.1 over ssh://: trees equal', async () => {
    const on26 = `${source}-hop`;
    expect((await runCli(['clone', `d20:${source}`, `d26:${on26}`], env)).code).toBe(0);
    const onPodman = `${source}-pod`;
    const toPodman = await runCli(['clone', `d26:${on26}`, `pod:${onPodman}`], env);
    expect(toPodman.code, toPodman.stderr).toBe(0);
    await sameTree(D20, source, PODMAN, onPodman);
    const far = `${source}-far`;
    const overSsh = await runCli(['clone', `d20:${source}`, `far:${far}`], env);
    expect(overSsh.code, overSsh.stderr).toBe(0);
    console.log(`[clone] over ssh://: ${overSsh.stdout.trim()}`);
    await sameTree(D20, source, D26, far);
  }, 180_000);

  it('volscope cp between engines: 20.10 → 26.1 with -a (the tree equal), → Podman, and → 26.1 over ssh://', async () => {
    const create = async (engine: TestEngine, name: string) =>
      docker(engine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, name);
    const copied = uniqueName('xcp');
    await create(D26, copied);
    const kept = await runCli(['cp', '-a', `d20:${source}:/`, `d26:${copied}:/whole`], env);
    expect(kept.code, kept.stderr).toBe(0);
    const whole = (engine: TestEngine, volume: string, argv: string[]) =>
      docker(engine, 'run', '--rm', '--network', 'none', '-v', `${volume}:/v:ro`, TEST_IMAGE, ...argv, '/v/whole');
    expect(await whole(D26, copied, HASHES)).toBe(await inVolume(D20, source, HASHES));
    expect(await whole(D26, copied, STAT)).toBe(await inVolume(D20, source, STAT));
    const onPodman = uniqueName('xcp-pod');
    await create(PODMAN, onPodman);
    const toPodman = await runCli(['cp', `d20:${source}:/docs`, `pod:${onPodman}:/`], env);
    expect(toPodman.code, toPodman.stderr).toBe(0);
    expect(await inVolume(PODMAN, onPodman, ['sh', '-c', 'cat "$1/docs/readme.txt"', 'x'])).toBe('hello');
    const far = uniqueName('xcp-far');
    await create(D26, far);
    const overSsh = await runCli(['cp', `d20:${source}:/deep`, `far:${far}:/`], env);
    expect(overSsh.code, overSsh.stderr).toBe(0);
    expect(await inVolume(D26, far, ['sh', '-c', 'ls "$1/deep/a/b" | wc -l', 'x'])).toBe('200');
    expect(await helpersOn(D20)).toBe('');
    expect(await helpersOn(D26)).toBe('');
  }, 180_000);

  it('a move removes the source only after the copy is verified, and never one in use', async () => {
    const moving = uniqueName('move');
    await docker(D20, 'volume', 'create', '--label', `${TEST_LABEL}=1`, moving);
    await docker(
      D20,
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${moving}:/v`,
      TEST_IMAGE,
      'sh',
      '-c',
      'echo moved > /v/f',
    );
    const held = await docker(D20, 'create', '--label', `${TEST_LABEL}=1`, '-v', `${moving}:/v`, TEST_IMAGE, 'true');
    const kept = await runCli(['clone', `d20:${moving}`, `d26:${moving}`, '--remove-source', '--yes'], env);
    expect(kept.code).toBe(1);
    expect(kept.stdout).toMatch(/kept: in use by /);
    expect(await exists(D20, moving)).toBe(true);
    expect(await exists(D26, moving)).toBe(true);
    await docker(D20, 'rm', held);
    await docker(D26, 'volume', 'rm', moving);
    const refused = await runCli(['clone', `d20:${moving}`, `d26:${moving}`, '--remove-source'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('stdin is not a terminal');
    expect(await exists(D20, moving)).toBe(true);
    await docker(D26, 'volume', 'rm', moving);
    const moved = await runCli(['clone', `d20:${moving}`, `d26:${moving}`, '--remove-source', '--yes'], env);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain('removed (moved)');
    expect(await exists(D20, moving)).toBe(false);
    expect(await docker(D26, 'run', '--rm', '-v', `${moving}:/v:ro`, TEST_IMAGE, 'cat', '/v/f')).toBe('moved');
  }, 120_000);

  it('without the helper image on the target nothing is created; a stream cut midway leaves no target', async () => {
    const absent = await runCli(['clone', `d20:${source}`, `d26:${source}-noimage`], {
      ...env,
      VOLSCOPE_HELPER_IMAGE: 'volscope-test/absent:none',
    });
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain('Could not get the helper image volscope-test/absent:none');
    expect(await exists(D26, `${source}-noimage`)).toBe(false);

    await restartEngine.start();
    const big = uniqueName('cut');
    await docker(restartEngine, 'volume', 'create', '--label', `${TEST_LABEL}=1`, big);
    await docker(
      restartEngine,
      'run',
      '--rm',
      '-v',
      `${big}:/v`,
      TEST_IMAGE,
      'sh',
      '-c',
      'head -c 300000000 /dev/urandom > /v/blob',
    );
    const cloning = runCli(['clone', `kill:${big}`, `d26:${big}`], env);
    await until(() => exists(D26, big), 20_000, 'the target to be created');
    // The stream is under way once the target's helper is there.
    await until(async () => (await helpersOn(D26)) !== '' || undefined, 20_000, 'the target helper');
    await restartEngine.kill();
    const result = await cloning;
    expect(result.code).toBe(1);
    expect(await exists(D26, big)).toBe(false);
    expect(await helpersOn(D26)).toBe('');
    await restartEngine.start();
    await cleanEngine(restartEngine);
  }, 240_000);
});
