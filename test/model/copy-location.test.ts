import {describe, expect, it} from 'vitest';
import {parseCopyLocation, showLocation} from '../../src/model/copy-location.js';

describe('cp locations', () => {
  it('a path here, or [CONTEXT:]VOLUME:/path as docker cp names a container', () => {
    expect(parseCopyLocation('./a:b')).toEqual({kind: 'host', path: './a:b'});
    expect(parseCopyLocation('/etc/x')).toEqual({kind: 'host', path: '/etc/x'});
    expect(parseCopyLocation('file.txt')).toEqual({kind: 'host', path: 'file.txt'});
    expect(parseCopyLocation('data:/conf/app.yml')).toEqual({kind: 'volume', volume: 'data', path: '/conf/app.yml'});
    expect(parseCopyLocation('data:')).toEqual({kind: 'volume', volume: 'data', path: '/'});
    expect(parseCopyLocation('prod:data:/x')).toEqual({kind: 'volume', context: 'prod', volume: 'data', path: '/x'});
    expect(parseCopyLocation('data:/a:b')).toEqual({kind: 'volume', volume: 'data', path: '/a:b'});
  });

  it('refuses what cannot be a volume path, saying how to write it', () => {
    expect(parseCopyLocation('data:conf')).toEqual({
      error: 'data:conf: a path in a volume starts with / (write data:/conf)',
    });
    expect(parseCopyLocation('-x:/a')).toHaveProperty('error');
    expect(parseCopyLocation('')).toHaveProperty('error');
  });

  it('is written back as it was given', () => {
    expect(showLocation({kind: 'volume', context: 'prod', volume: 'data', path: '/x'})).toBe('prod:data:/x');
  });
});
