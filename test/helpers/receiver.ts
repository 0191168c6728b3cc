// A real HTTP server on loopback standing for an ERP's webhook endpoint: it records every request and answers as
// the test says (a status, or never, to make the sender time out).
import { createHmac, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  headers: http.IncomingHttpHeaders
  body: string
  at: number
}

/** What to answer to the nth request (1-based): an HTTP status (when the promise settles), or 'hang' to never answer. */
export type Answer = (n: number, request: Received) => number | 'hang' | Promise<number>

export async function startReceiver(answer: Answer = () => 204) {
  const received: Received[] = []
  const hanging = new Set<http.ServerResponse>()
  let respond = answer
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      const r = { headers: req.headers, body, at: Date.now() }
      received.push(r)
      const a = respond(received.length, r)
      if (a === 'hang') hanging.add(res)
      else void Promise.resolve(a).then((status) => res.writeHead(status).end())
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/ruzhang`,
    received,
    /** Changes how later requests are answered. */
    answer(a: Answer) {
      respond = a
    },
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}

/**
 * The receiving side of Standard Webhooks (standardwebhooks.com), written from the specification apart from the
 * gateway's signing code: the signed content is `${webhook-id}.${webhook-timestamp}.${body}`, the key is the
 * base64 after `whsec_`, and the header holds space-separated `v1,<base64 HMAC-SHA256>`; any one matching passes.
 * The timestamp must be within `toleranceS` of `nowS`, against replays.
 */
export function verifyStandardWebhook(secret: string, headers: Record<string, string | string[] | undefined>, body: string, nowS = Date.now() / 1000, toleranceS = 300): boolean {
  const id = String(headers['webhook-id'] ?? '')
  const timestamp = String(headers['webhook-timestamp'] ?? '')
  const signatures = String(headers['webhook-signature'] ?? '')
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(nowS - Number(timestamp)) > toleranceS) return false
  const expected = createHmac('sha256', Buffer.from(secret.split('_').at(-1) as string, 'base64')).update(`${id}.${timestamp}.${body}`).digest()
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2)
    const given = Buffer.from(signature ?? '', 'base64')
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
  })
}
