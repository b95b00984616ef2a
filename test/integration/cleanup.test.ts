import Docker from 'dockerode';
import {beforeEach, afterAll, expect, it} from 'vitest';
import {ReadOnlyError} from '../../src/docker/gateway.js';
import {apiAtLeast} from '../../src/docker/map.js';
import {removeExactly} from '../../src/ops/remove.js';
import {pruneCandidates, type PruneScope} from '../../src/model/cleanup.js';
import {joinVolumes} from '../../src/model/join.js';
import {runCli} from '../helpers/cli.js';
import {
  TEST_IMAGE,
  TEST_LABEL,
  cleanEngine,
  describeEachEngine,
  docker,
  gatewayFor,
  uniqueName,
  startUser,
} from '../helpers/engines.js';

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
    await startUser(engine, [`${names.namedRunning}:/d`]);
    anonUnused = await anonymous(false);
    anonUsed = await anonymous(true);
    unlabelledRandom = await anonymous(false, false);
  }, 60_000);
  afterAll(() => cleanEngine(engine));

  const preview = async (scope: PruneScope) => {
    const [volumes, containers, usage, version] = await Promise.all([
      gateway.listVolumes(),
      gateway.listContainers(),
      gateway.volumeUsage(),
      gateway.version(),
    ]);
    return pruneCandidates(joinVolumes(volumes, containers, usage, 'local'), scope, {
      labelledOnly: apiAtLeast(version.apiVersion, '1.42'),
      label: LABEL,
    })
      .map((row) => row.volume.name)
      .sort();
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

  it("previews exactly what the engine's own prune takes, in each scope", async () => {
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

  it("creates a volume with labels and options, and passes on the engine's refusal verbatim", async () => {
    const name = uniqueName('created');
    const created = await gateway.createVolume({
      name,
      driver: 'local',
      labels: {[TEST_LABEL]: '1', team: 'ops'},
      driverOpts: {type: 'tmpfs', device: 'tmpfs'},
    });
    expect(created).toMatchObject({name, driver: 'local', labels: {team: 'ops'}});
    expect(await docker(engine, 'volume', 'inspect', '-f', '{{json .Options}}', name)).toBe(
      '{"device":"tmpfs","type":"tmpfs"}',
    );
    // An option the local driver does not know: the engine refuses it at once. (An unknown driver
    // is refused too, but only after the engine has looked for such a plugin for 15 s.)
    await expect(
      gateway.createVolume({name: uniqueName('bad'), driver: 'local', labels: {}, driverOpts: {bogus: 'x'}}),
    ).rejects.toThrow(/invalid option: "bogus"/);
  });

  it('refuses every write at the gateway when read-only', async () => {
    const readOnly = gatewayFor(engine, {readOnly: true});
    await expect(readOnly.removeVolume(names.namedUnused)).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(
      readOnly.createVolume({name: uniqueName('ro'), driver: 'local', labels: {}, driverOpts: {}}),
    ).rejects.toBeInstanceOf(ReadOnlyError);
    expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=${names.namedUnused}`)).toBe(names.namedUnused);
  });

  it('volscope rm: names the containers of a volume in use, removes nothing of it, and carries on with the rest', async () => {
    const result = await runCli([
      'rm',
      '--host',
      engine.url,
      names.namedRunning,
      names.namedUnused,
      'no-such-volume-x',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${names.namedUnused}\n`);
    expect(result.stderr).toMatch(
      new RegExp(
        `${names.namedRunning} is in use by \\S+ \\(running\\): kept\\. To free it, remove that container first \\(\`docker rm -f `,
      ),
    );
    expect(result.stderr).toContain('no-such-volume-x: no such volume.');
    const left = (await docker(engine, 'volume', 'ls', '-q', '--filter', `label=${LABEL}`)).split('\n');
    expect(left).toContain(names.namedRunning);
    expect(left).not.toContain(names.namedUnused);
  });

  it('volscope prune: --dry-run lists and keeps, no --yes without a terminal refuses with 2, --yes removes exactly the list', async () => {
    const host = ['--host', engine.url, '--label', LABEL];
    const dry = await runCli(['prune', '--all', '--dry-run', ...host]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /3 volumes to remove \(unused volumes, named ones included; like `docker volume prune --all`\)/,
    );
    expect(dry.stdout).toContain(names.namedUnused);
    expect(dry.stdout).toMatch(/Total: /);
    const refused = await runCli(['prune', '--all', ...host]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('stdin is not a terminal');
    expect((await docker(engine, 'volume', 'ls', '-q', '--filter', `label=${LABEL}`)).split('\n')).toContain(
      names.namedUnused,
    );
    const done = await runCli(['prune', '--all', '--yes', ...host]);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/Removed 3 of 3 volumes, reclaimed/);
    const left = (await docker(engine, 'volume', 'ls', '-q', '--filter', `label=${LABEL}`)).split('\n').sort();
    expect(left).toEqual([names.namedStopped, names.namedRunning, anonUsed].sort());
  });

  it('while another client creates, attaches and removes volumes: only names shown go, every skip is reported, none that gained a container', async () => {
    const shown = await Promise.all(
      Array.from({length: 12}, async (_, i) => {
        const name = uniqueName(`churn${i}`);
        await docker(engine, 'volume', 'create', '--label', LABEL, name);
        return name;
      }),
    );
    const listed = await preview('all');
    expect(listed).toEqual(expect.arrayContaining(shown));
    // Between the preview and the confirmation the other client attaches containers to three
    // shown volumes, removes two, and creates volumes volscope never showed.
    const attached = shown.slice(0, 3);
    const removedByOther = shown.slice(3, 5);
    for (const name of attached)
      await docker(engine, 'create', '--label', LABEL, '-v', `${name}:/d`, TEST_IMAGE, 'true');
    for (const name of removedByOther) await docker(engine, 'volume', 'rm', name);
    const created: string[] = [];
    // While volscope removes, it goes on creating volumes and attaching to the shown ones still there.
    let churning = true;
    const churn = (async () => {
      for (let round = 0; churning || round < 3; round++) {
        const name = uniqueName(`churnnew${round}`);
        await docker(engine, 'volume', 'create', '--label', LABEL, name);
        created.push(name);
        const target = shown[5 + (round % 7)]!;
        await docker(engine, 'create', '--label', LABEL, '-v', `${target}:/d`, TEST_IMAGE, 'true').catch(
          () => undefined,
        );
      }
    })();
    const outcomes = await removeExactly(gateway, listed);
    churning = false;
    await churn;

    try {
      // Labelled: the volumes the test made. An attach after volscope removed a name creates a new,
      // unlabelled volume of that name (docker create does), which is not the one volscope saw.
      const left = new Set((await docker(engine, 'volume', 'ls', '-q', '--filter', `label=${LABEL}`)).split('\n'));
      const users = new Set(
        (await docker(engine, 'ps', '-a', '--no-trunc', '--filter', `label=${LABEL}`, '--format', '{{.Mounts}}'))
          .split(/[\n,]/)
          .map((mount) => mount.trim())
          .filter(Boolean),
      );
      const outcomeOf = (name: string) => outcomes.find((outcome) => outcome.name === name);
      // One outcome per shown name, in order, and nothing else touched.
      expect(outcomes.map((outcome) => outcome.name)).toEqual(listed);
      for (const name of created) expect(left.has(name), `${name} was never shown and must stay`).toBe(true);
      for (const name of attached) {
        expect(left.has(name)).toBe(true);
        expect(outcomeOf(name)).toMatchObject({removed: false, reason: 'inUse'});
      }
      for (const name of removedByOther) expect(outcomeOf(name)).toMatchObject({removed: false, reason: 'gone'});
      for (const outcome of outcomes) {
        if (outcome.removed) expect(left.has(outcome.name)).toBe(false);
        else expect(['inUse', 'gone']).toContain(outcome.reason);
      }
      // A shown volume that gained a container before volscope reached it was kept and reported;
      // one volscope had removed first was given a new volume by the attach.
      for (const name of shown.filter((n) => users.has(n))) {
        if (left.has(name)) expect(outcomeOf(name)).toMatchObject({removed: false, reason: 'inUse'});
        else expect(outcomeOf(name)).toMatchObject({removed: true});
      }
      expect(outcomes.filter((outcome) => outcome.removed).length).toBeGreaterThan(0);
      expect(
        outcomes.filter((outcome) => !outcome.removed && outcome.reason === 'inUse').length,
      ).toBeGreaterThanOrEqual(attached.length);
    } finally {
      // The unlabelled volumes the attaches made go too: the engine must hold nothing of the test's.
      await cleanEngine(engine);
      for (const name of shown) await docker(engine, 'volume', 'rm', '-f', name).catch(() => undefined);
    }
  }, 120_000);

  it('refuses rm and prune with exit 2 under --read-only and VOLSCOPE_READ_ONLY', async () => {
    const rm = await runCli(['rm', '--read-only', '--host', engine.url, names.namedUnused]);
    expect(rm.code).toBe(2);
    expect(rm.stderr).toContain('read-only');
    const prune = await runCli(['prune', '--yes', '--host', engine.url], {VOLSCOPE_READ_ONLY: '1'});
    expect(prune.code).toBe(2);
    expect(await docker(engine, 'volume', 'ls', '-q', '--filter', `name=${names.namedUnused}`)).toBe(names.namedUnused);
  });
});
