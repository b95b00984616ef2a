import {afterEach, describe, expect, it} from 'vitest';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {firstFrameLines} from '../../src/tui/first-frame.js';
import {createTheme} from '../../src/ui/theme.js';
import {HEX, container, manyVolumes, volume} from '../helpers/fixtures.js';
import {type ExtraEngine, type Rendered, renderApp} from '../helpers/render.js';

/**
 * The frame written before Ink has loaded must be the frame Ink then draws over it, line for
 * line: otherwise the table would jump (or leave stray characters) the moment Ink takes over.
 */
let current: Rendered | undefined;
afterEach(() => current?.unmount());

const strip = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
const visible = (lines: readonly string[]) => {
  const trimmed = lines.map((line) => strip(line).trimEnd());
  while (trimmed.at(-1) === '') trimmed.pop();
  return trimmed;
};

async function compare(gateway: MemoryGateway, size: {columns: number; rows: number}, more: ExtraEngine[] = []) {
  // Sizes held back: the frame compared is the one right after the first list, as at start.
  gateway.holdUsage();
  for (const extra of more) (extra.gateway as MemoryGateway).holdUsage();
  current = renderApp(gateway, {size, more});
  await current.waitFor((frame) => /\d+ volumes?/.test(frame) && !frame.includes('Listing volumes'));
  const ink = current;
  await ink.waitFor(() => ink.stores.every((store) => store.getSnapshot().listed));
  const engines = ['local', ...more.map((m) => m.name)].map((name, index) => ({
    name,
    snapshot: ink.stores[index]!.getSnapshot(),
  }));
  const lines = firstFrameLines({
    engines,
    readOnly: false,
    growthWindow: '24h',
    columns: size.columns,
    rows: size.rows,
    theme: createTheme({ascii: false, color: false}),
  });
  expect(lines).toBeDefined();
  // Ink's frame for the same snapshots, once it has drawn them.
  const frame = await ink
    .waitFor((f) => visible(f.split('\n')).join('\n') === visible(lines!).join('\n'), 2000)
    .catch(() => ink.lastFrame());
  expect(visible(lines!)).toEqual(visible(frame.split('\n')));
  // One line per terminal row but the last, as Ink's frame.
  expect(lines!.length).toBe(size.rows - 1);
}

describe('the frame drawn before Ink', () => {
  it('is the frame Ink draws first: header, rows, the selection, the status line and the key hints', async () => {
    const gateway = new MemoryGateway({
      volumes: [
        volume('postgres-data', {labels: {'com.docker.compose.project': 'shop'}}),
        volume('redis-cache'),
        volume(HEX, {labels: {'com.docker.volume.anonymous': ''}}),
      ],
      containers: [container('shop-db-1', 'running', [['postgres-data', '/var/lib/postgresql/data']])],
    });
    await compare(gateway, {columns: 100, rows: 12});
  });

  it('is the same at 80x24 with more volumes than fit, and on a narrow terminal', async () => {
    await compare(new MemoryGateway(manyVolumes(60)), {columns: 80, rows: 24});
    current?.unmount();
    await compare(new MemoryGateway(manyVolumes(10)), {columns: 50, rows: 10});
  });

  it('is the same with several engines (ENGINE column, the fleet in the status line)', async () => {
    const other = new MemoryGateway({volumes: [volume('cache'), volume('logs')], address: 'ssh://prod'});
    await compare(new MemoryGateway(manyVolumes(5)), {columns: 110, rows: 16}, [{name: 'prod', gateway: other}]);
  });
});
