import {describe, expect, it, vi} from 'vitest';
import {LiveStore} from '../../src/docker/live-store.js';
import type {Endpoint} from '../../src/docker/endpoint.js';
import type {FirstLists} from '../../src/docker/first-lists.js';
import type {Container, Volume} from '../../src/model/types.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {drawAsFirstListsLand, earlyEngines, firstListsSettled} from '../../src/tui/early-frame.js';
import {firstFrameLines} from '../../src/tui/first-frame.js';
import {createTheme} from '../../src/ui/theme.js';
import {HEX, container, volume} from '../helpers/fixtures.js';

const LOCAL: Endpoint = {
  url: 'unix:///var/run/docker.sock',
  transport: 'unix',
  source: 'default',
  socketPath: '/var/run/docker.sock',
  context: 'default',
};
const PROD: Endpoint = {url: 'ssh://ops@prod', transport: 'ssh', source: '--host', host: 'prod'};

const VOLUMES = [
  volume('postgres-data', {labels: {'com.docker.compose.project': 'shop'}}),
  volume('redis-cache'),
  volume(HEX, {labels: {'com.docker.volume.anonymous': ''}}),
];
const CONTAINERS = [container('shop-db-1', 'running', [['postgres-data', '/var/lib/postgresql/data']])];

/** Lists as FirstLists holds them: settled when the test says so. */
function lists() {
  let land: (answers: {volumes: Volume[]; containers: Container[]}) => void = () => {};
  let fail: () => void = () => {};
  const answers = new Promise<{volumes: Volume[]; containers: Container[]}>((resolve, reject) => {
    land = resolve;
    fail = () => reject(new Error('refused'));
  });
  answers.catch(() => undefined);
  const held = {volumes: answers.then((a) => a.volumes), containers: answers.then((a) => a.containers)};
  held.volumes.catch(() => undefined);
  held.containers.catch(() => undefined);
  return {lists: held as unknown as FirstLists, land, fail};
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

type FrameEngines = Parameters<typeof firstFrameLines>[0]['engines'];
/** The plain first frame of these engines, in colour, at this terminal size. */
const frameOf = (engines: FrameEngines, columns: number, rows: number) =>
  firstFrameLines({
    engines,
    readOnly: false,
    growthWindow: '24h',
    columns,
    rows,
    theme: createTheme({ascii: false, color: true}),
  });

describe('the frame drawn from the first lists alone', () => {
  it("is the frame the engine's store makes of the same answers", async () => {
    const gateway = new MemoryGateway({volumes: VOLUMES, containers: CONTAINERS, address: LOCAL.url});
    gateway.holdUsage();
    const store = new LiveStore(gateway);
    await store.start();
    try {
      const frame = (engines: FrameEngines) => frameOf(engines, 100, 12);
      const early = earlyEngines(
        [{endpoint: LOCAL, lists: undefined}],
        new Map([[0, {volumes: VOLUMES, containers: CONTAINERS}]]),
      );
      expect(store.getSnapshot().connection).toBe('connected');
      expect(frame(early!)).toEqual(frame([{name: 'default', snapshot: store.getSnapshot()}]));
      expect(frame(early!)!.join('\n')).toContain('shop-db-1');
    } finally {
      store.stop();
    }
  });

  it('is the same with several engines, one listed and one still connecting', async () => {
    const gateway = new MemoryGateway({volumes: VOLUMES, containers: CONTAINERS, address: LOCAL.url});
    // Several engines: sizes wait until every engine has listed (tui/engine-session.ts).
    const store = new LiveStore(gateway, {firstSizesAfter: new Promise(() => {})});
    await store.start();
    try {
      const lines = (engines: FrameEngines) => frameOf(engines, 110, 14);
      const slow = new LiveStore(new MemoryGateway({address: PROD.url}));
      const early = earlyEngines(
        [
          {endpoint: LOCAL, lists: undefined},
          {endpoint: PROD, lists: undefined},
        ],
        new Map([[0, {volumes: VOLUMES, containers: CONTAINERS}]]),
      );
      expect(lines(early!)).toEqual(
        lines([
          {name: 'default', snapshot: store.getSnapshot()},
          {name: PROD.url, snapshot: slow.getSnapshot()},
        ]),
      );
    } finally {
      store.stop();
    }
  });

  it('draws once for engines landing in the same turn, shows the others as still connecting, and stops when told', async () => {
    const a = lists();
    const b = lists();
    const draws: string[][] = [];
    let keepDrawing = true;
    drawAsFirstListsLand(
      [
        {endpoint: LOCAL, lists: a.lists},
        {endpoint: {...LOCAL, url: 'unix:///run/podman.sock', context: undefined}, lists: b.lists},
        {endpoint: PROD, lists: undefined},
      ],
      (engines) => {
        draws.push(engines.map((e) => `${e.name}:${e.snapshot.listed ? e.snapshot.volumes.length : 'waiting'}`));
        return keepDrawing;
      },
    );
    a.land({volumes: VOLUMES, containers: CONTAINERS});
    b.land({volumes: [volume('cache')], containers: []});
    await vi.waitFor(() => expect(draws.length).toBe(1));
    await turn();
    expect(draws).toEqual([['default:3', 'unix:///run/podman.sock:1', 'ssh://ops@prod:waiting']]);
    keepDrawing = false;
  });

  it('draws nothing for an engine whose lists failed, nor once told to stop', async () => {
    const a = lists();
    const b = lists();
    const draw = vi.fn(() => false);
    drawAsFirstListsLand(
      [
        {endpoint: LOCAL, lists: a.lists},
        {endpoint: {...LOCAL, url: 'unix:///other.sock'}, lists: b.lists},
      ],
      draw,
    );
    a.fail();
    await turn();
    expect(draw).not.toHaveBeenCalled();
    b.land({volumes: [], containers: []});
    await vi.waitFor(() => expect(draw).toHaveBeenCalledTimes(1));
    a.land({volumes: [], containers: []});
    await turn();
    await turn();
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('draws nothing when an engine could not be resolved: the engine session says why', () => {
    expect(earlyEngines([{endpoint: LOCAL, lists: undefined}, undefined], new Map())).toBeUndefined();
  });

  it('lets the engine session load once every list has landed or failed, or after the wait', async () => {
    const a = lists();
    const b = lists();
    let settled = false;
    void firstListsSettled(
      [
        {endpoint: LOCAL, lists: a.lists},
        {endpoint: LOCAL, lists: b.lists},
      ],
      60_000,
    ).then(() => (settled = true));
    a.land({volumes: [], containers: []});
    await turn();
    expect(settled).toBe(false);
    b.fail();
    await vi.waitFor(() => expect(settled).toBe(true));
    vi.useFakeTimers();
    try {
      let waited = false;
      void firstListsSettled([{endpoint: LOCAL, lists: lists().lists}], 100).then(() => (waited = true));
      await vi.advanceTimersByTimeAsync(100);
      await vi.runAllTimersAsync();
      expect(waited).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
