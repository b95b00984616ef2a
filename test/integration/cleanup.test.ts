import Docker from 'dockerode';
import {beforeEach, afterAll, expect, it} from 'vitest';
import {ReadOnlyError} from '../../src/docker/gateway.js';
import {apiAtLeast} from '../../src/docker/map.js';
import {removeExactly} from '../../src/ops/remove.js';
import {pruneCandidates, type PruneScope} from '../../src/model/cleanup.js';
import {joinVolumes} from '../../src/model/join.js';
import {runCli} from '../helpers/cli.js';
import {TEST_IMAGE, TEST_LABEL, cleanEngine, describeEachEngine, docker, gatewayFor, uniqueName} from '../helpers/engines.js';

const LABEL = `${TEST_LABEL}=1`;

describeEachEngine('clean-up: rm and prune of exactly the previewed volumes', (engine) => {
  const api = new Docker({socketPath: engine.url.replace('unix://', '')});
  const gateway = gatewayFor(engine);
  const names = {namedUnused: '', namedStopped: '', namedRunning: ''};
  let anonUnused = '';
  let anonUsed = '';
  let unlabelledRandom = '';

  /** An anonymous volume the way the engine makes one, plus our label so the test touches only its own. */
  const anonymous = async (keepContainer: boolean, markAnonymous = true) => {
    const mount = `type=volume,dst=/data,volume-label=${LABEL}${markAnonymous ? ',volume-label=com.docker.volume.anonymous=' : ''}`;
    const id = await docker(engine, 'create', '--label', LABEL, '--mount', mount, TEST_IMAGE, 'true');
    const volume = await docker(engine, 'inspect', '-f', '{{range .Mounts}}{{.Name}}{{end}}', id);
    if (!keepContainer) await docker(engine, 'rm', id);
    return volume;
  };

  beforeEach(async () => {
    await cleanEngine(engine);
    // Anonymous volumes without a container are not found by cleanEngine's container pass.
    await docker(engine, 'volume', 'prune', '-f', '--filter', `label=${LABEL}`);
    for (const key of Object.keys(names) as Array<keyof typeof names>) {
      names[key] = uniqueName(key);
      await docker(engine, 'volume', 'create', '--label', LABEL, names[key]);
    }
    await docker(engine, 'create', '--label', LABEL, '-v', `${names.namedStopped}:/d`, TEST_IMAGE, 'true');
    await docker(engine, 'run', '-d', '--label', LABEL, '-v', `${names.namedRunning}:/d`, TEST_IMAGE, 'sleep', '600');
    anonUnused = await anonymous(false);
    anonUsed = await anonymous(true);
    unlabelledRandom = await anonymous(false, false);
  }, 60_000);
  afterAll(() => cleanEngine(engine));

  const preview = async (scope: PruneScope) => {
    const [volumes, containers, usage, version] = await Promise.all([gateway.listVolumes(), gateway.listContainers(), gateway.volumeUsage(), gateway.version()]);
    return pruneCandidates(joinVolumes(volumes, containers, usage, 'local'), scope, {labelledOnly: apiAtLeast(version.apiVersion, '1.42'), label: LABEL}).map((row) => row.volume.name).sort();
  };
  /** What the engine's own prune takes in a scope (restricted to the test's label). */
  const enginePrune = async (all: boolean) => {
    const filters: Record<string, string[]> = {label: [LABEL]};
    if (all) filters.all = ['true'];
    // Docker 20.10 refuses a prune while a disk usage scan (our preview's) is still winding down.
    for (let attempt = 0; ; attempt++) {
      try {
        const result = (await api.pruneVolumes({filters})) as {VolumesDeleted?: string[] | null};
        return [...(result.VolumesDeleted ?? [])].sort();
      } catch (error) {
        if (attempt > 20 || !/disk usage operation is already running/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };

  it('previews exactly what the engine\'s own prune takes, in each scope', async () => {
    const modern = apiAtLeast((await gateway.version()).apiVersion, '1.42');
    const anonymousScope = await preview('anonymous');
    const allScope = await preview('all');
    expect(allScope).toEqual([names.namedUnused, anonUnused, unlabelledRandom].sort());
    if (modern) {
      // The default prune of API >= 1.42 decides by the label: the random-named one without it stays.
      expect(anonymousScope).toEqual([anonUnused]);
      expect(await enginePrune(false)).toEqual(anonymousScope);
      expect(await enginePrune(true)).toEqual([names.namedUnused, unlabelledRandom].sort());
    } else {
      // Older engines have one scope, every unused volume; our default scope goes by the random name.
      expect(anonymousScope).toEqual([anonUnused, unlabelledRandom].sort());
      expect(await enginePrune(false)).toEqual(allScope);
    }
  });

  it('removes exactly the previewed names: a container attached meanwhile keeps its volume, named ones survive the default scope', async () => {
    const anonymousScope = await preview('anonymous');
    const allScope = await preview('all');
    await docker(engine, 'create', '--label', LABEL, '-v', `${names.namedUnused}:/d`, TEST_IMAGE, 'true');
    const outcomes = await removeExactly(gateway, allScope);
    const byName = new Map(outcomes.map((o) => [o.name, o]));
    expect(byName.get(names.namedUnused)).toMatchObject({removed: false, reason: 'inUse'});
    expect((byName.get(names.namedUnused) as {containerIds: readonly string[]}).containerIds).toHaveLength(1);
    const left = (await docker(engine, 'volume', 'ls', '-q', '--filter', `label=${LABEL}`)).split('\n');
    expect(left).toContain(names.namedUnused);
    expect(left).toContain(names.namedStopped);
    expect(left).toContain(anonUsed);
    for (const name of anonymousScope) expect(left).not.toContain(name);
  });

  it('creates a volume with labels and options, and passes on the engine\'s refusal verbatim', async () => {
    const name = uniqueName('created');
    const created = await gateway.createVolume({name, driver: 'local', labels: {[TEST_LABEL]: '1', team: 'ops'}, driverOpts: {type: 'tmpfs', device: 'tmpfs'}});
    expect(created).toMatchObject({name, driver: 'local', labels: {team: 'ops'}});
    expect(await docker(engine, 'volume', 'inspect', '-f', '{{json .Options}}', name)).toBe('{"device":"tmpfs","type":"tmpfs"}');
    await expect(gateway.createVolume({name: uniqueName('bad'), driver: 'no-such-driver', labels: {}, driverOpts: {}})).rejects.toThrow(/no-such-driver/);
  });

  it('refuses every write at the gateway when read-only', async () => {
    const readOnly = gatewayFor(engine, {readOnly: true});
    await expect(readOnly.removeVolume(names.namedUnused)).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(readOnly.createVolume({name: uniqueName('ro'), driver: 'local', labels: {}, driverOpts: {}})).rejects.toBeInstanceOf(ReadOnlyError);
    expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=${names.namedUnused}`)).toBe(names.namedUnused);
  });

  it('volscope rm: names the containers of a volume in use, removes nothing of it, and carries on with the rest', async () => {
    const result = await runCli(['rm', '--host', engine.url, names.namedRunning, names.namedUnused, 'no-such-volume-x']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${names.namedUnused}\n`);
    expect(result.stderr).toMatch(new RegExp(`${names.namedRunning} is in use by \\S+ \\(running\\): kept\\. To free it, remove that container first \\(\`docker rm -f `));
    expect(result.stderr).toContain('no-such-volume-x: no such volume.');
    const left = (await docker(engine, 'volume', 'ls', '-q', '--filter', `label=${LABEL}`)).split('\n');
    expect(left).toContain(names.namedRunning);
    expect(left).not.toContain(names.namedUnused);
  });

  it('volscope prune: --dry-run lists and keeps, no --yes without a terminal refuses with 2, --yes removes exactly the list', async () => {
    const host = ['--host', engine.url, '--label', LABEL];
    const dry = await runCli(['prune', '--all', '--dry-run', ...host]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/3 volumes to remove \(unused volumes, named ones included; like `docker volume prune --all`\)/);
    expect(dry.stdout).toContain(names.namedUnused);
    expect(dry.stdout).toMatch(/Total: /);
    const refused = await runCli(['prune', '--all', ...host]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('stdin is not a terminal');
    expect((await docker(engine, 'volume', 'ls', '-q', '--filter', `label=${LABEL}`)).split('\n')).toContain(names.namedUnused);
    const done = await runCli(['prune', '--all', '--yes', ...host]);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/Removed 3 of 3 volumes, reclaimed/);
    const left = (await docker(engine, 'volume', 'ls', '-q', '--filter', `label=${LABEL}`)).split('\n').sort();
    expect(left).toEqual([names.namedStopped, names.namedRunning, anonUsed].sort());
  });

  it('refuses rm and prune with exit 2 under --read-only and VOLSCOPE_READ_ONLY', async () => {
    const rm = await runCli(['rm', '--read-only', '--host', engine.url, names.namedUnused]);
    expect(rm.code).toBe(2);
    expect(rm.stderr).toContain('read-only');
    const prune = await runCli(['prune', '--yes', '--host', engine.url], {VOLSCOPE_READ_ONLY: '1'});
    expect(prune.code).toBe(2);
    expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=${names.namedUnused}`)).toBe(names.namedUnused);
  });
});
