import {describe, expect, it} from 'vitest';
import type {VolumeSpec} from '../../src/docker/gateway.js';
import type {Volume} from '../../src/model/types.js';
import {markerName} from '../../src/model/incomplete.js';
import {OpError} from '../../src/ops/errors.js';
import {markIncomplete} from '../../src/ops/incomplete-mark.js';

/** An engine whose volume creations answer, in turn, with the given failures and then succeed. */
function engineFailing(...failures: Array<{statusCode: number; message: string}>) {
  const created: string[] = [];
  return {
    created,
    removeVolume: async () => undefined,
    createVolume: async (spec: VolumeSpec): Promise<Volume> => {
      const failure = failures.shift();
      if (failure) throw Object.assign(new Error(failure.message), {statusCode: failure.statusCode});
      created.push(spec.name);
      return {name: spec.name, driver: spec.driver, labels: spec.labels} as unknown as Volume;
    },
  };
}

describe('marking a volume as under way', () => {
  it('makes the mark again when the engine lost it while making it (a sweep removed the old one by name)', async () => {
    const engine = engineFailing({
      statusCode: 404,
      message: '(HTTP code 404) no such volume - get data.volscope-incomplete',
    });
    const mark = await markIncomplete(engine, 'data', 'rename', 'old-data');
    expect(mark.marker).toBe(markerName('data'));
    expect(engine.created).toEqual([markerName('data')]);
  });

  it('changes nothing when the engine refuses the mark, and says so', async () => {
    const engine = engineFailing({statusCode: 500, message: 'disk full'});
    const failed = markIncomplete(engine, 'data', 'restore', 'a.tar.gz');
    await expect(failed).rejects.toBeInstanceOf(OpError);
    await expect(failed).rejects.toThrow(/Could not mark data as under way .*disk full.*nothing was changed/);
    expect(engine.created).toEqual([]);
  });

  it('tries again only once', async () => {
    const lost = {statusCode: 404, message: 'no such volume'};
    const engine = engineFailing(lost, lost);
    await expect(markIncomplete(engine, 'data', 'empty', 'data')).rejects.toThrow(/nothing was changed/);
    expect(engine.created).toEqual([]);
  });
});
