import {describe, expect, it} from 'vitest';
import {describeSkip, parsePairs, pruneCandidates, volumeNameProblem} from '../../src/model/cleanup.js';
import {joinVolumes} from '../../src/model/join.js';
import {HEX, container, usage, volume} from '../helpers/fixtures.js';

const LABELLED = 'd'.repeat(64);
const rows = joinVolumes(
  [
    volume('named'),
    volume('used'),
    volume(HEX),
    volume(LABELLED, {labels: {'com.docker.volume.anonymous': ''}}),
    volume(`${'e'.repeat(64)}x`),
  ],
  [container('web', 'exited', [['used', '/d']])],
  usage({named: 10, used: 20, [HEX]: 30, [LABELLED]: 5}),
  'local',
);
const names = (list: ReturnType<typeof pruneCandidates>) => list.map((row) => row.volume.name);

describe('prune candidates', () => {
  it('decides anonymity by label on API >= 1.42 and by the random name below, never taking a used volume', () => {
    expect(names(pruneCandidates(rows, 'anonymous', {labelledOnly: true}))).toEqual([LABELLED]);
    expect(names(pruneCandidates(rows, 'anonymous', {labelledOnly: false}))).toEqual([HEX, LABELLED]);
    expect(names(pruneCandidates(rows, 'all', {labelledOnly: true}))).toEqual([
      HEX,
      'named',
      LABELLED,
      `${'e'.repeat(64)}x`,
    ]);
  });

  it('restricts to a label like docker volume prune --filter label=', () => {
    const labelled = joinVolumes(
      [volume('a', {labels: {team: 'x'}}), volume('b', {labels: {team: 'y'}}), volume('c')],
      [],
      undefined,
      'local',
    );
    expect(names(pruneCandidates(labelled, 'all', {labelledOnly: true, label: 'team=x'}))).toEqual(['a']);
    expect(names(pruneCandidates(labelled, 'all', {labelledOnly: true, label: 'team'}))).toEqual(['a', 'b']);
  });
});

describe('create input', () => {
  it("checks names against Docker's rule before sending", () => {
    expect(volumeNameProblem('ok-name_1.2')).toBeUndefined();
    expect(volumeNameProblem('')).toMatch(/needed/);
    expect(volumeNameProblem('a')).toMatch(/at least 2/);
    expect(volumeNameProblem('-dash')).toMatch(/start with a letter or digit/);
    expect(volumeNameProblem('has space')).toMatch(/Only letters/);
  });

  it('reads key=value pairs and refuses a pair without =', () => {
    expect(parsePairs('')).toEqual({});
    expect(parsePairs('a=1, b=x=y c=')).toEqual({a: '1', b: 'x=y', c: ''});
    expect(parsePairs('a=1, broken')).toBeUndefined();
  });
});

describe('skip reasons', () => {
  it('names the containers the engine gave as ids', () => {
    const holder = container('late', 'created', [['v', '/d']]);
    expect(describeSkip({name: 'v', reason: 'inUse', message: '', containerIds: [holder.id]}, [holder])).toBe(
      'v: in use by late (attached since the list was made): kept.',
    );
    expect(describeSkip({name: 'v', reason: 'gone', message: '', containerIds: []}, [])).toBe('v: already gone.');
  });
});
