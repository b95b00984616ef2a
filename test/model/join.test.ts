import {describe, expect, it} from 'vitest';
import {isAnonymous, shortName} from '../../src/model/anonymous.js';
import {isUnused, joinVolumes} from '../../src/model/join.js';
import {summarize} from '../../src/model/summary.js';
import {HEX, container, usage, volume} from '../helpers/fixtures.js';

describe('joinVolumes', () => {
  const volumes = [
    volume('db'),
    volume('cache'),
    volume(HEX),
    volume('labelled', {labels: {'com.docker.volume.anonymous': ''}}),
  ];
  const containers = [
    container('web', 'running', [
      ['db', '/var/lib/db'],
      ['cache', '/cache', true],
    ]),
    container('old', 'exited', [['db', '/data']]),
    container('paused', 'paused', [['cache', '/c']]),
  ];

  it('attaches each container to the volumes it mounts, running first, with destination and mode', () => {
    const rows = joinVolumes(volumes, containers, undefined, 'local');
    const db = rows.find((r) => r.volume.name === 'db')!;
    expect(db.containers.map((c) => [c.name, c.running, c.destination, c.readOnly])).toEqual([
      ['web', true, '/var/lib/db', false],
      ['old', false, '/data', false],
    ]);
    const cache = rows.find((r) => r.volume.name === 'cache')!;
    expect(cache.containers.map((c) => [c.name, c.running, c.readOnly])).toEqual([
      ['paused', true, false],
      ['web', true, true],
    ]);
  });

  it('marks volumes without containers as unused', () => {
    const rows = joinVolumes(volumes, containers, undefined, 'local');
    expect(rows.filter(isUnused).map((r) => r.volume.name)).toEqual([HEX, 'labelled']);
  });

  it('recognises anonymous volumes by label (new engines) and by 64-hex name (old engines)', () => {
    const rows = joinVolumes(volumes, [], undefined, 'local');
    expect(rows.map((r) => r.anonymous)).toEqual([false, false, true, true]);
    expect(isAnonymous('deadbeef', {})).toBe(false);
    expect(shortName(HEX)).toBe(HEX.slice(0, 12));
    expect(shortName('db')).toBe('db');
  });

  it('distinguishes size not measured (undefined), unknown to the engine (null) and known', () => {
    expect(joinVolumes([volume('a')], [], undefined, 'local')[0]!.size).toBeUndefined();
    const rows = joinVolumes([volume('a'), volume('b'), volume('c')], [], usage({a: 10, b: null}), 'local');
    expect(rows.map((r) => r.size)).toEqual([10, null, undefined]);
  });

  it('reads the Compose project from its label', () => {
    const rows = joinVolumes(
      [volume('p_data', {labels: {'com.docker.compose.project': 'shop'}})],
      [],
      undefined,
      'local',
    );
    expect(rows[0]!.composeProject).toBe('shop');
  });

  it('summarizes totals and what removing unused volumes would free', () => {
    const rows = joinVolumes(volumes, containers, usage({db: 100, cache: 50, [HEX]: 7, labelled: null}), 'local');
    expect(summarize(rows, true)).toEqual({total: 4, unused: 2, totalSize: 157, reclaimable: 7});
    expect(summarize(rows, false)).toMatchObject({totalSize: undefined, reclaimable: undefined});
  });
});

describe('the Compose project of a volume', () => {
  const anon = HEX;
  it('comes from its label, else from the one project of the containers that mount it (marked inferred)', () => {
    const web = {
      ...container('shop-web-1', 'running', [
        [anon, '/cache'],
        ['shop_data', '/data'],
      ]),
      composeProject: 'shop',
    };
    const other = {...container('solo', 'exited', [['mixed', '/m']])};
    const both = {...container('shop-worker-1', 'running', [['mixed', '/m']]), composeProject: 'shop'};
    const rows = joinVolumes(
      [
        volume(anon),
        volume('shop_data', {labels: {'com.docker.compose.project': 'shop'}}),
        volume('mixed'),
        volume('lonely'),
      ],
      [web, other, both],
      undefined,
      'local',
    );
    const byName = new Map(rows.map((row) => [row.volume.name, row]));
    expect([byName.get(anon)!.composeProject, byName.get(anon)!.composeInferred]).toEqual(['shop', true]);
    expect([byName.get('shop_data')!.composeProject, byName.get('shop_data')!.composeInferred]).toEqual([
      'shop',
      false,
    ]);
    // One user outside any project: the volume is not said to be the project's.
    expect([byName.get('mixed')!.composeProject, byName.get('mixed')!.composeInferred]).toEqual([null, false]);
    expect(byName.get('lonely')!.composeProject).toBeNull();
  });

  it('is inferred only when every user shares it, whatever order the containers come in', () => {
    const inShop = (name: string) => ({...container(name, 'running', [['shared', '/s']]), composeProject: 'shop'});
    const inBlog = {...container('blog-web-1', 'running', [['shared', '/s']]), composeProject: 'blog'};
    const outside = container('solo', 'exited', [['shared', '/s']]);
    const projectOf = (users: ReturnType<typeof container>[]) =>
      joinVolumes([volume('shared')], users, undefined, 'local')[0]!.composeProject;
    expect(projectOf([inShop('shop-web-1'), inShop('shop-worker-1')])).toBe('shop');
    expect(projectOf([inShop('shop-web-1'), inBlog])).toBeNull();
    expect(projectOf([inShop('shop-web-1'), inBlog, inShop('shop-worker-1')])).toBeNull();
    expect(projectOf([inShop('shop-web-1'), outside, inShop('shop-worker-1')])).toBeNull();
    expect(projectOf([outside, inShop('shop-web-1')])).toBeNull();
  });
});
