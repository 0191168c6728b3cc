import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { aesCodec, aesDecrypt, aesEncrypt, base64Codec, deriveAesKey, readFlag } from '../../src/piaozone/codec.ts'
import { ProtocolError } from '../../src/piaozone/errors.ts'

// A copy of the team's shared/piaozone/vectors.json (nothing outside the repository is read at test time); when
// that file changes, copy it here again.
const vectors = JSON.parse(readFileSync(new URL('../fixtures/piaozone-vectors.json', import.meta.url), 'utf8'))

describe('base64 codec', () => {
  const codec = base64Codec()
  for (const [name, v] of Object.entries(vectors.base64) as [string, { data: string; decoded: unknown }][]) {
    it(`decodes the guide's ${name} sample`, () => {
      expect(codec.decode(v.data)).toEqual(v.decoded)
    })
    it(`round-trips the guide's ${name} sample`, () => {
      expect(codec.decode(codec.encode(v.decoded))).toEqual(v.decoded)
    })
  }

  it('encodes compact JSON byte for byte as the vendor does, Chinese included', () => {
    expect(codec.encode(vectors.base64.utf8RoundTrip.decoded)).toBe(vectors.base64.utf8RoundTrip.data)
    expect(codec.encode(vectors.base64.taxLoginResponse.decoded)).toBe(vectors.base64.taxLoginResponse.data)
  })

  it('accepts data that is already an object', () => {
    expect(codec.decode({ loginType: '1' })).toEqual({ loginType: '1' })
  })

  it('refuses data that is not Base64, or not JSON inside', () => {
    expect(() => codec.decode('%%%not base64%%%')).toThrow(ProtocolError)
    expect(() => codec.decode(Buffer.from('not json').toString('base64'))).toThrow(/does not decode to JSON/)
    expect(() => codec.decode(42)).toThrow(ProtocolError)
  })
})

describe('AES-128-GCM codec', () => {
  const v = vectors.aes128gcm
  it('derives the key from the aesKey as the vendor sample does', () => {
    expect(deriveAesKey(v.aesKey).toString('base64')).toBe(v.keyBase64)
  })

  it('encrypts the check vector to the exact wire text', () => {
    expect(aesEncrypt(deriveAesKey(v.aesKey), v.plaintext, Buffer.from(v.ivHex, 'hex'))).toBe(v.wire)
  })

  it('decrypts the check vector', () => {
    expect(aesDecrypt(deriveAesKey(v.aesKey), v.wire)).toBe(v.plaintext)
    expect(aesCodec(v.aesKey).decode(v.wire)).toEqual({ amount: 0.1, name: '测试' })
  })

  it('round-trips Chinese text with a fresh IV each time', () => {
    const codec = aesCodec(v.aesKey)
    const value = vectors.base64.utf8RoundTrip.decoded
    const a = codec.encode(value)
    expect(codec.encode(value)).not.toBe(a)
    expect(codec.decode(a)).toEqual(value)
  })

  it('refuses ciphertext under a wrong key or tampered with', () => {
    expect(() => aesCodec('another-key').decode(v.wire)).toThrow(/could not be decrypted/)
    const tampered = Buffer.from(v.wire, 'base64')
    tampered[20] ^= 1
    expect(() => aesCodec(v.aesKey).decode(tampered.toString('base64'))).toThrow(ProtocolError)
    expect(() => aesCodec(v.aesKey).decode('AAAA')).toThrow(/too short/)
  })
})

describe('readFlag', () => {
  it('reads success as a boolean or as "true"/"false"', () => {
    expect([true, 'true', false, 'false', undefined, 'yes'].map(readFlag)).toEqual([true, true, false, false, undefined, undefined])
  })
})
