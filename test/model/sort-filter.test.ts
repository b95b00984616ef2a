import {describe, expect, it} from 'vitest';
import {filterRows} from '../../src/model/filter.js';
import {joinVolumes} from '../../src/model/join.js';
import {nextSortOrder, sortRows} from '../../src/model/sort.js';
import {container, usage, volume} from '../helpers/fixtures.js';

const rows = joinVolumes(
  [
    volume('bravo', {createdAt: '2026-01-02T00:00:00Z', labels: {tier: 'Backend'}}),
    volume('alpha', {createdAt: '2026-01-03T00:00:00Z'}),
    volume('charlie', {createdAt: '2026-01-01T00:00:00Z'}),
    volume('delta', {createdAt: ''}),
  ],
  [
    container('api-server', 'running', [
      ['bravo', '/b'],
      ['alpha', '/a'],
    ]),
    container('worker', 'exited', [['bravo', '/b']]),
  ],
  usage({alpha: 300, bravo: 100, charlie: 200, delta: null}),
  'local',
);
const names = (list: readonly {volume: {name: string}}[]) => list.map((r) => r.volume.name);

describe('sortRows', () => {
  it('sorts by name both ways', () => {
    expect(names(sortRows(rows, {key: 'name', descending: false}))).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    expect(names(sortRows(rows, {key: 'name', descending: true}))).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
  });

  it('sorts by size with n/a and unmeasured sizes last in both directions', () => {
    expect(names(sortRows(rows, {key: 'size', descending: true}))).toEqual(['alpha', 'charlie', 'bravo', 'delta']);
    expect(names(sortRows(rows, {key: 'size', descending: false}))).toEqual(['bravo', 'charlie', 'alpha', 'delta']);
  });

  it('sorts by age youngest first, unknown dates last', () => {
    expect(names(sortRows(rows, {key: 'age', descending: false}))).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    expect(names(sortRows(rows, {key: 'age', descending: true}))).toEqual(['charlie', 'bravo', 'alpha', 'delta']);
  });

  it('sorts by container count, ties by name', () => {
    expect(names(sortRows(rows, {key: 'containers', descending: true}))).toEqual([
      'bravo',
      'alpha',
      'charlie',
      'delta',
    ]);
  });

  it('reverses on the same key and starts big-first for size', () => {
    expect(nextSortOrder({key: 'name', descending: false}, 'name')).toEqual({key: 'name', descending: true});
    expect(nextSortOrder({key: 'name', descending: false}, 'size')).toEqual({key: 'size', descending: true});
    expect(nextSortOrder({key: 'size', descending: true}, 'size')).toEqual({key: 'size', descending: false});
  });
});

describe('filterRows', () => {
  it('matches names, labels and container names, case-insensitively', () => {
    expect(names(filterRows(rows, 'CHAR', false))).toEqual(['charlie']);
    expect(names(filterRows(rows, 'tier=backend', false))).toEqual(['bravo']);
    expect(names(filterRows(rows, 'api-serv', false))).toEqual(['bravo', 'alpha']);
  });

  it('needs every term to match', () => {
    expect(names(filterRows(rows, 'worker api', false))).toEqual(['bravo']);
    expect(names(filterRows(rows, 'worker alpha', false))).toEqual([]);
  });

  it('treats regex characters as text', () => {
    expect(names(filterRows([...rows], '.*', false))).toEqual([]);
  });

  it('keeps only unused volumes when asked, together with the text', () => {
    expect(names(filterRows(rows, '', true))).toEqual(['charlie', 'delta']);
    expect(names(filterRows(rows, 'del', true))).toEqual(['delta']);
  });

  it('returns the same array for an empty filter (no work per keypress)', () => {
    expect(filterRows(rows, '  ', false)).toBe(rows);
  });
});
