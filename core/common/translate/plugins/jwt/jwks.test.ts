import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { localJwks } from './jwks';

function pemAndJwk(type: 'rsa' | 'ec' | 'ed25519', namedCurve?: string) {
  const { publicKey } = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : type === 'ec' ? generateKeyPairSync('ec', { namedCurve: namedCurve! }) : generateKeyPairSync('ed25519');
  return { pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), jwk: publicKey.export({ format: 'jwk' }) };
}

describe('local JWKS', () => {
  it('turns PEM public keys into the JWKs Node computes for them: RSA, EC P-256 and P-384, Ed25519', () => {
    for (const [type, curve] of [['rsa'], ['ec', 'prime256v1'], ['ec', 'secp384r1'], ['ed25519']] as const) {
      const { pem, jwk } = pemAndJwk(type, curve);
      expect(JSON.parse((localJwks(pem) as { jwks: string }).jwks)).toEqual({ keys: [jwk] });
    }
  });

  it('reads a PKCS#1 RSA public key', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(JSON.parse((localJwks(pem) as { jwks: string }).jwks).keys[0]).toEqual(publicKey.export({ format: 'jwk' }));
  });

  it('keeps a key set and wraps a single key', () => {
    const set = '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}';
    expect(localJwks(set)).toEqual({ jwks: set });
    expect(localJwks('{"kty":"oct","k":"c2VjcmV0"}')).toEqual({ jwks: set });
  });

  it('explains keys it cannot read', () => {
    expect(localJwks('not a key')).toEqual({ problem: 'is neither a JSON web key (set) nor a PEM public key ("BEGIN PUBLIC KEY")' });
    expect(localJwks('{"a":1}')).toEqual({ problem: 'is JSON but neither a key set ("keys") nor a key ("kty")' });
    expect(localJwks('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toMatchObject({ problem: expect.stringMatching(/^holds a PEM public key that cannot be read: /) });
  });
});
