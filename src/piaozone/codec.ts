// The `data` field of piaozone's envelope: Base64 of the UTF-8 JSON text by default, or AES-128-GCM when the
// business system is configured for encryption (docs/PIAOZONE.md §3).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { ProtocolError } from './errors.ts'
import { t } from '../i18n/index.ts'

export type DataCodecName = 'base64' | 'aes'

export interface DataCodec {
  readonly name: DataCodecName
  encode(value: unknown): string
  /** Decodes a `data` field. Tolerant of what the docs leave open: a plain object passes through. */
  decode(data: unknown): unknown
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

function fromBase64(text: string, what: string): Buffer {
  const compact = text.replace(/\s+/g, '')
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw new ProtocolError(t('{what} is not valid Base64', { what }).en)
  return Buffer.from(compact, 'base64')
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new ProtocolError(t('{what} does not decode to JSON', { what }).en)
  }
}

/** The AES key: first 16 bytes of SHA1(SHA1(aesKey)), as the vendor's Java sample derives it. */
export function deriveAesKey(aesKey: string): Buffer {
  const once = createHash('sha1').update(aesKey, 'utf8').digest()
  return createHash('sha1').update(once).digest().subarray(0, 16)
}

export function base64Codec(): DataCodec {
  return {
    name: 'base64',
    encode: (value) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64'),
    decode(data) {
      if (data !== null && typeof data === 'object') return data
      if (typeof data !== 'string') throw new ProtocolError(t('data is neither a string nor an object').en)
      if (data === '') return null
      return parseJson(fromBase64(data, 'data').toString('utf8'), 'data')
    },
  }
}

/** AES-128-GCM with a 12-byte IV and 128-bit tag; wire = Base64(IV ‖ ciphertext ‖ tag). */
export function aesEncrypt(key: Buffer, plaintext: string, iv: Buffer = randomBytes(12)): string {
  const cipher = createCipheriv('aes-128-gcm', key, iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')
}

export function aesDecrypt(key: Buffer, wireText: string): string {
  const wire = fromBase64(wireText, 'data')
  if (wire.length < 12 + 16) throw new ProtocolError(t('data is too short to be AES-GCM ciphertext').en)
  const decipher = createDecipheriv('aes-128-gcm', key, wire.subarray(0, 12))
  decipher.setAuthTag(wire.subarray(wire.length - 16))
  try {
    return Buffer.concat([decipher.update(wire.subarray(12, wire.length - 16)), decipher.final()]).toString('utf8')
  } catch {
    throw new ProtocolError(t('data could not be decrypted (wrong AES key or corrupted ciphertext)').en)
  }
}

export function aesCodec(aesKey: string): DataCodec {
  const key = deriveAesKey(aesKey)
  return {
    name: 'aes',
    encode: (value) => aesEncrypt(key, JSON.stringify(value)),
    decode(data) {
      if (data !== null && typeof data === 'object') return data
      if (typeof data !== 'string') throw new ProtocolError(t('data is neither a string nor an object').en)
      if (data === '') return null
      return parseJson(aesDecrypt(key, data), 'decrypted data')
    },
  }
}

export function makeCodec(name: DataCodecName, aesKey?: string): DataCodec {
  if (name === 'base64') return base64Codec()
  if (!aesKey) throw new Error('the aes codec needs an AES key')
  return aesCodec(aesKey)
}

const TRUE_FLAGS = new Set<unknown>([true, 1, 'true', 'TRUE', 'True', '1', 'Y', 'y'])
const FALSE_FLAGS = new Set<unknown>([false, 0, 'false', 'FALSE', 'False', '0', 'N', 'n'])

/** Flags such as `success` and `needAuth`: typed boolean on some vendor pages, "true", 1, "1" or "Y" elsewhere. */
export function readFlag(value: unknown): boolean | undefined {
  if (TRUE_FLAGS.has(value)) return true
  if (FALSE_FLAGS.has(value)) return false
  return undefined
}

/** Text fields: a string, or a number the vendor wrote where the docs say text (codes, task numbers). */
export const vendorText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined
