// Raw HTTP for piaozone: one JSON POST with a connect timeout, a response timeout, no redirects followed, and
// failures classified by whether the request may have reached the vendor (which decides if a resend is safe).
import http from 'node:http'
import https from 'node:https'
import { ProtocolError, TransportError } from './errors.ts'
import { t } from '../i18n/index.ts'

export interface HttpTimeouts {
  connectTimeoutMs: number
  responseTimeoutMs: number
}

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 })
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 })

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/** Plain http only to loopback (the sandbox); everything else must be https. */
export function checkBaseUrl(raw: string): string | undefined {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'is not a URL'
  }
  if (url.protocol === 'https:') return undefined
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined
  return 'must be https:// (plain http:// is allowed only for loopback addresses)'
}

export async function postJson(url: URL, body: unknown, timeouts: HttpTimeouts): Promise<unknown> {
  const payload = Buffer.from(JSON.stringify(body), 'utf8')
  const transport = url.protocol === 'https:' ? https : http
  const agent = url.protocol === 'https:' ? httpsAgent : httpAgent
  return new Promise((resolve, reject) => {
    let connected = false
    let settled = false
    const fail = (err: Error) => {
      if (settled) return
      settled = true
      clearTimeout(connectTimer)
      clearTimeout(responseTimer)
      req.destroy()
      reject(err)
    }
    const req = transport.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length, accept: 'application/json' },
    })
    const connectTimer = setTimeout(
      () => fail(new TransportError('connect_timeout', false, t('no connection to {host} within {ms} ms', { host: url.host, ms: timeouts.connectTimeoutMs }).en)),
      timeouts.connectTimeoutMs,
    )
    let responseTimer: NodeJS.Timeout | undefined
    const onConnected = () => {
      connected = true
      clearTimeout(connectTimer)
      responseTimer = setTimeout(
        () => fail(new TransportError('response_timeout', true, t('no complete answer within {ms} ms', { ms: timeouts.responseTimeoutMs }).en)),
        timeouts.responseTimeoutMs,
      )
    }
    req.on('socket', (socket) => {
      // A kept-alive socket is connected already; a new one reports when it is.
      if (!socket.connecting) onConnected()
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', onConnected)
    })
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected) fail(new TransportError('connect', false, t('could not connect to {host}: {detail}', { host: url.host, detail: err.code ?? err.message }).en))
      else fail(new TransportError('connection_dropped', true, t('connection dropped before a complete answer: {detail}', { detail: err.code ?? err.message }).en))
    })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', (err: NodeJS.ErrnoException) =>
        fail(new TransportError('connection_dropped', true, t('connection dropped while reading the answer: {detail}', { detail: err.code ?? err.message }).en)),
      )
      res.on('aborted', () => fail(new TransportError('connection_dropped', true, t('connection dropped while reading the answer').en)))
      res.on('end', () => {
        if (settled) return
        const status = res.statusCode ?? 0
        const text = Buffer.concat(chunks).toString('utf8')
        if (status >= 500) return fail(new TransportError('http_status', true, t('piaozone answered HTTP {status}', { status }).en, status))
        if (status >= 300 && status < 400) return fail(new ProtocolError(t('piaozone answered a redirect (HTTP {status}), which is not followed; check PIAOZONE_BASE_URL', { status }).en, status))
        if (status >= 400) return fail(new ProtocolError(t('piaozone answered HTTP {status}; check PIAOZONE_BASE_URL', { status }).en, status))
        let parsed: unknown
        try {
          parsed = JSON.parse(text)
        } catch {
          return fail(new ProtocolError(t('piaozone answered HTTP {status} with a body that is not JSON', { status }).en))
        }
        settled = true
        clearTimeout(responseTimer)
        resolve(parsed)
      })
    })
    req.end(payload)
  })
}
