// The 1,000-volume fixture: named, Compose-labelled and anonymous-looking volumes, some with data,
// some attached to running or stopped containers. Created through the API in parallel batches.
import Docker from 'dockerode';

export const BENCH_LABEL = 'volscope.bench';

export async function createFixture(socketPath, {volumes = 1000, image}) {
  const docker = new Docker({socketPath});
  const existing = (await docker.listVolumes({filters: {label: [BENCH_LABEL]}})).Volumes ?? [];
  if (existing.length >= volumes) return {created: 0, total: existing.length};
  const names = [];
  for (let i = existing.length; i < volumes; i++) {
    const compose = i % 8 === 3;
    names.push({
      Name: compose ? `bench-shop_data-${String(i).padStart(4, '0')}` : `bench-vol-${String(i).padStart(4, '0')}`,
      Labels: {[BENCH_LABEL]: '1', ...(compose ? {'com.docker.compose.project': 'bench-shop', 'com.docker.compose.volume': 'data'} : {})},
    });
  }
  for (let i = 0; i < names.length; i += 50) await Promise.all(names.slice(i, i + 50).map((v) => docker.createVolume(v)));
  // 20 containers, each mounting 5 volumes: 10 running, 10 stopped. One writes 10 MB.
  const all = ((await docker.listVolumes({filters: {label: [BENCH_LABEL]}})).Volumes ?? []).map((v) => v.Name).sort();
  for (let c = 0; c < 20; c++) {
    const binds = all.slice(c * 5, c * 5 + 5).map((name, k) => `${name}:/m${k}`);
    const container = await docker.createContainer({
      Image: image,
      name: `bench-ctr-${c}`,
      Labels: {[BENCH_LABEL]: '1'},
      Cmd: c === 0 ? ['sh', '-c', 'head -c 10000000 /dev/zero > /m0/blob; sleep 100000'] : ['sleep', '100000'],
      HostConfig: {Binds: binds, NetworkMode: 'none'},
    });
    if (c < 10) await container.start();
  }
  return {created: names.length, total: all.length};
}

export async function removeFixture(socketPath) {
  const docker = new Docker({socketPath});
  const containers = await docker.listContainers({all: true, filters: {label: [BENCH_LABEL]}});
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({force: true})));
  const volumes = (await docker.listVolumes({filters: {label: [BENCH_LABEL]}})).Volumes ?? [];
  for (let i = 0; i < volumes.length; i += 50) await Promise.all(volumes.slice(i, i + 50).map((v) => docker.getVolume(v.Name).remove()));
}
