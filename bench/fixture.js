// The bench fixture: labelled volumes (named, Compose-labelled, anonymous-looking), a few hundred
// containers attached to some of them (a quarter running), and two volumes with real data.
// Grown to the size asked for and reused when present; `npm run bench:clean` removes it.
import {execFileSync, spawnSync} from 'node:child_process';
import Docker from 'dockerode';

export const BENCH_LABEL = 'volscope.bench';
const CONTAINERS = 200;
const RUNNING = 50;

/** Volumes with real data, shared with the backup benchmark. */
export const DATA_VOLUMES = {
  'volscope-bench-200mb': 'head -c 100000000 /dev/urandom > /v/media.bin; seq 1 15000000 > /v/app.log',
  'volscope-bench-5000':
    'i=0; while [ $i -lt 50 ]; do mkdir -p /v/d$i; j=0; while [ $j -lt 100 ]; do seq $j $((j * 40)) > /v/d$i/f$j.txt; j=$((j+1)); done; i=$((i+1)); done',
};

export function ensureDataVolume(engine, image, name) {
  if (spawnSync('docker', ['-H', engine.url, 'volume', 'inspect', name], {stdio: 'ignore'}).status === 0) return;
  execFileSync('docker', ['-H', engine.url, 'volume', 'create', '--label', `${BENCH_LABEL}.data=1`, name], {
    stdio: 'ignore',
  });
  execFileSync(
    'docker',
    ['-H', engine.url, 'run', '--rm', '--network', 'none', '-v', `${name}:/v`, image, 'sh', '-c', DATA_VOLUMES[name]],
    {stdio: 'ignore'},
  );
}

function volumeSpec(i) {
  const compose = i % 8 === 3;
  // One in eight looks anonymous (64 hex digits), as `docker run -v /data` leaves them.
  const anonymous = i % 8 === 5;
  const name = anonymous
    ? `${String(i).padStart(8, '0')}`.repeat(8)
    : compose
      ? `bench-shop_data-${String(i).padStart(5, '0')}`
      : `bench-vol-${String(i).padStart(5, '0')}`;
  return {
    Name: name,
    Labels: {
      [BENCH_LABEL]: '1',
      ...(compose ? {'com.docker.compose.project': 'bench-shop', 'com.docker.compose.volume': 'data'} : {}),
    },
  };
}

/** Grows the fixture to `volumes` labelled volumes (never shrinks it); returns what it holds. */
export async function createFixture(engine, {volumes, image}) {
  const docker = new Docker({socketPath: engine.socket});
  for (const name of Object.keys(DATA_VOLUMES)) ensureDataVolume(engine, image, name);
  const existing = new Set(
    ((await docker.listVolumes({filters: {label: [BENCH_LABEL]}})).Volumes ?? []).map((v) => v.Name),
  );
  const missing = [];
  for (let i = 0; existing.size + missing.length < volumes; i++) {
    const spec = volumeSpec(i);
    if (!existing.has(spec.Name)) missing.push(spec);
  }
  for (let i = 0; i < missing.length; i += 50)
    await Promise.all(missing.slice(i, i + 50).map((v) => docker.createVolume(v)));
  const all = ((await docker.listVolumes({filters: {label: [BENCH_LABEL]}})).Volumes ?? []).map((v) => v.Name).sort();
  // Containers, once: each mounts two of the first volumes; a quarter run, one holds 10 MB.
  const have = await docker.listContainers({all: true, filters: {label: [BENCH_LABEL]}});
  for (let c = have.length; c < CONTAINERS; c++) {
    const binds = [all[(c * 2) % all.length], all[(c * 2 + 1) % all.length]].map((name, k) => `${name}:/m${k}`);
    const container = await docker.createContainer({
      Image: image,
      name: `bench-ctr-${c}`,
      Labels: {[BENCH_LABEL]: '1'},
      Cmd: c === 0 ? ['sh', '-c', 'head -c 10000000 /dev/zero > /m0/blob; sleep 100000'] : ['sleep', '100000'],
      HostConfig: {Binds: binds, NetworkMode: 'none'},
    });
    if (c < RUNNING) await container.start();
  }
  return {created: missing.length, total: all.length, containers: CONTAINERS};
}

export async function removeFixture(engine) {
  const docker = new Docker({socketPath: engine.socket});
  const containers = await docker.listContainers({all: true, filters: {label: [BENCH_LABEL]}});
  for (let i = 0; i < containers.length; i += 20)
    await Promise.all(containers.slice(i, i + 20).map((c) => docker.getContainer(c.Id).remove({force: true})));
  const labelled = async (label) =>
    ((await docker.listVolumes({filters: {label: [label]}})).Volumes ?? []).map((v) => v.Name);
  const volumes = [
    ...(await labelled(BENCH_LABEL)),
    ...(await labelled(`${BENCH_LABEL}.data`)),
    ...Object.keys(DATA_VOLUMES),
  ];
  const unique = [...new Set(volumes)];
  for (let i = 0; i < unique.length; i += 50)
    await Promise.all(
      unique.slice(i, i + 50).map((name) =>
        docker
          .getVolume(name)
          .remove()
          .catch(() => undefined),
      ),
    );
  return {containers: containers.length, volumes: unique.length};
}
