import { describe, expect, it } from 'vitest';
import { StorageError } from '../../common/model/errors';
import { DEFAULT_ETCD_PREFIX, parseEtcdSpec } from './etcd-spec';

describe('etcd: store spec', () => {
  it('one endpoint without a prefix uses the default prefix', () => {
    expect(parseEtcdSpec('http://127.0.0.1:2379')).toEqual({ endpoints: ['http://127.0.0.1:2379'], prefix: DEFAULT_ETCD_PREFIX });
  });

  it('several endpoints share the prefix the last one carries', () => {
    expect(parseEtcdSpec('http://a:2379,http://b:2380/team-a/')).toEqual({ endpoints: ['http://a:2379', 'http://b:2380'], prefix: '/team-a' });
  });

  it.each([
    ['', 'needs an endpoint'],
    ['127.0.0.1:2379', 'is not a URL'],
    ['https://a:2379', 'must start with http://'],
    ['http://a', 'needs a port'],
    ['http://a:2379/x,http://b:2379', 'only the last endpoint'],
    ['http://a:2379?x=1', 'may carry only'],
    ['http://a:2379,', 'is not a URL'],
    ['http://a:2379/%zz', 'bad %-escape'],
  ])('"%s" is refused with a StorageError saying what is wrong (%s) and the form to use', (rest, what) => {
    let err: unknown;
    try {
      parseEtcdSpec(rest);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toContain(what);
    expect((err as Error).message).toContain('etcd:http://HOST:PORT');
  });
});
