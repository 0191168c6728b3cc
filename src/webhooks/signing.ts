// Standard Webhooks (standardwebhooks.com) signing: a secret is `whsec_` + base64 of its key; a delivery carries
// webhook-id, webhook-timestamp (Unix seconds) and webhook-signature: `v1,` + base64 of HMAC-SHA256 over
// `${id}.${timestamp}.${body}` with the key, space-separated when more than one secret signs (a rotation).
import { createHmac, randomBytes } from 'node:crypto'

const PREFIX = 'whsec_'

/** A new signing secret: 32 random bytes. */
export const newSecret = (): string => PREFIX + randomBytes(32).toString('base64')

export function signatureHeader(secrets: string[], id: string, timestamp: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.slice(PREFIX.length), 'base64')
      return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`
    })
    .join(' ')
}
