import {describe, expect, it} from 'vitest';
import {detailLines, dockerRecipes, shellWord} from '../../src/model/details.js';
import {joinVolumes} from '../../src/model/join.js';
import {container, volume} from '../helpers/fixtures.js';

describe('details: the same with docker', () => {
  it("ends with inspect, a read-only look inside and the backup recipe, for the row's engine", () => {
    const [row] = joinVolumes([volume('pgdata')], [], undefined, 'prod');
    const lines = detailLines(row!, '…', '--context prod');
    const heading = lines.findIndex((line) => line.label === 'The same with docker');
    expect(heading).toBeGreaterThan(0);
    expect(lines.slice(heading + 1).map((line) => line.value)).toEqual([
      'docker --context prod volume inspect pgdata',
      'docker --context prod run --rm -it --network none -v pgdata:/volume:ro -w /volume busybox sh',
      'docker --context prod run --rm --network none -v pgdata:/volume:ro busybox tar -C /volume -czf - . > pgdata.tar.gz',
    ]);
    expect(dockerRecipes('pgdata')[0]![1]).toBe('docker volume inspect pgdata');
  });

  it('says when the Compose project was inferred from the containers', () => {
    const users = [{...container('shop-web-1', 'running', [['anon1', '/c']]), composeProject: 'shop'}];
    const [row] = joinVolumes([volume('anon1')], users, undefined, 'local');
    expect(detailLines(row!, '…').find((line) => line.label === 'Compose project')?.value).toMatch(/^shop \(inferred/);
  });

  it('quotes a word the shell would split or expand', () => {
    expect(shellWord('a-b_c.1')).toBe('a-b_c.1');
    expect(shellWord("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
});
