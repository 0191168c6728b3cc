// API keys: `rzk_<id>_<secret>`. The id is public (it names the key in lists and revocations); the secret is
// 32 random bytes, shown once and stored only as its SHA-256. A slow hash is not needed: the secret has
// 256 bits of entropy, so there is nothing to brute-force.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const KEY = /^rzk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/

export function newApiKey(): { id: string; key: string; secretHash: string } {
  const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12)
  const secret = randomBytes(32).toString('base64url')
  return { id, key: `rzk_${id}_${secret}`, secretHash: hashSecret(secret) }
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const m = KEY.exec(key)
  return m ? { id: m[1], secret: m[2] } : undefined
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex')
  const b = Buffer.from(storedHash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}
