import {afterEach, expect, it} from 'vitest';
import {markerLabels, markerName} from '../../src/model/incomplete.js';
import {MemoryGateway} from '../../src/testing/memory-gateway.js';
import {volume} from '../helpers/fixtures.js';
import {type Rendered, renderApp} from '../helpers/render.js';

let current: Rendered | undefined;
afterEach(() => current?.unmount());

it('a volume a killed restore left half-done shows ⚠ before its name and says what in the details; its mark is no row', async () => {
  const since = '2026-12-06T11:02:33.000Z';
  const gateway = new MemoryGateway({
    volumes: [
      volume('pgdata'),
      volume('web'),
      volume(markerName('pgdata'), {
        labels: markerLabels('pgdata', {operation: 'restore', source: '/b/pg.tar.gz', since}, {}),
      }),
    ],
    containers: [],
  });
  current = renderApp(gateway, {});
  const frame = await current.waitFor((f) => f.includes('pgdata') && f.includes('web'));
  expect(frame).toMatch(/⚠ pgdata/);
  expect(frame).not.toMatch(/⚠ web/);
  expect(frame).not.toContain('volscope-incomplete');
  expect(frame).toMatch(/2 volumes/);
  current.press('i');
  const details = await current.waitFor('Volume pgdata');
  expect(details).toMatch(/Incomplete\s+restore of \/b\/pg\.tar\.gz at 2026-12-06 11:02 UTC, never finished/);
});
