// Limits a caller meets before it is known: an address may make only so many requests per window before
// authentication spends a database lookup on it, and a request must arrive in time or lose its connection.
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.ts'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { databaseForChild, kill, type ServerProcess, startServer } from '../helpers/child.ts'
import { type Gateway, GUIDE_SUBMIT, startGateway } from '../helpers/gateway.ts'

// Well-formed (rzk_<12>_<43>) but unknown: without the limit, every one costs a key lookup and gets 401.
const MADE_UP = `Bearer rzk_${'a'.repeat(12)}_${'A'.repeat(43)}`

describe('the settings', () => {
  it('default to timeouts above a load balancer\'s idle timeout, an address limit of five clients, no trusted proxy', () => {
    const c = loadConfig({})
    expect(c.http).toEqual({ requestTimeoutMs: 30_000, connectionTimeoutMs: 120_000, keepAliveTimeoutMs: 72_000, trustProxy: [] })
    expect(c.security.rateLimitIpMax).toBe(5 * c.security.rateLimitMax)
  })

  it('refuse a TRUST_PROXY entry that is no address, range or name', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1, loopback' }).http.trustProxy).toEqual(['10.0.0.0/8', '::1', 'loopback'])
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/8,my-balancer' })).toThrow(ConfigError)
  })
})

describe('the per-address limit before authentication', () => {
  let gw: Gateway
  beforeAll(async () => {
    gw = await startGateway({ startWorker: false, security: { rateLimitIpMax: 20, rateLimitMax: 3 } })
  })
  afterAll(() => gw.close())

  it('answers 429 with Retry-After, not 401, once an address is over it: the key is not looked up', async () => {
    const from = (remoteAddress: string, url = '/v1/recording-tasks', authorization = MADE_UP) => gw.app.inject({ url, remoteAddress, headers: { authorization } })
    const codes: number[] = []
    for (let i = 0; i < 20; i++) codes.push((await from('192.0.2.10')).statusCode)
    expect(codes).toEqual(Array(20).fill(401))
    const limited = await from('192.0.2.10')
    expect(limited.statusCode).toBe(429)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(limited.json()).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.stringMatching(/^rate limit of 20 requests per window from one address exceeded; retry after \d+ s$/), requestId: expect.any(String) })
    // An X-Forwarded-For is not believed without TRUST_PROXY, so it cannot buy a fresh count.
    expect((await gw.app.inject({ url: '/v1/recording-tasks', remoteAddress: '192.0.2.10', headers: { authorization: MADE_UP, 'x-forwarded-for': '198.51.100.1' } })).statusCode).toBe(429)
    expect((await from('192.0.2.10', '/v1/recording-tasks', gw.authorization)).statusCode, 'a good key from that address too').toBe(429)
    expect((await from('192.0.2.10', '/ready')).statusCode).toBe(429)
    expect((await from('192.0.2.10', '/live')).statusCode, '/live is exempt').toBe(200)
    expect((await from('192.0.2.11')).statusCode, 'another address').toBe(401)
  })

  it('leaves the per-client limit after authentication as it was', async () => {
    const codes: number[] = []
    for (let i = 0; i < 4; i++) codes.push((await gw.app.inject({ url: '/v1/recording-tasks', remoteAddress: '192.0.2.20', headers: { authorization: gw.authorization } })).statusCode)
    expect(codes).toEqual([200, 200, 200, 429])
  })
})

describe('the real server', () => {
  let sandbox: RunningSandbox
  let server: ServerProcess
  let authorization: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    sandbox = await startSandbox()
    const db = await databaseForChild('limits')
    authorization = db.authorization
    cleanup = db.cleanup
    server = await startServer(sandbox, db.databaseUrl, { HTTP_REQUEST_TIMEOUT_MS: '1000', RATE_LIMIT_IP_MAX: '700', TRUST_PROXY: '127.0.0.1' })
  })
  afterAll(async () => {
    await kill(server)
    await cleanup()
    await sandbox.close()
  })

  /** Sends `head`, then what `next()` gives every `everyMs`, until the server closes the connection (or 8 s pass). */
  function send(head: string, next: () => string | undefined, everyMs: number): Promise<{ ms: number; answer: string }> {
    const { port } = new URL(server.base)
    const started = Date.now()
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(head))
    let answer = ''
    socket.on('data', (d) => (answer += d))
    socket.on('error', () => {})
    const timer = setInterval(() => {
      const piece = next()
      if (piece !== undefined && socket.writable) socket.write(piece)
    }, everyMs)
    const giveUp = setTimeout(() => socket.destroy(), 8000)
    return new Promise((resolve) =>
      socket.once('close', () => {
        clearInterval(timer)
        clearTimeout(giveUp)
        resolve({ ms: Date.now() - started, answer })
      }),
    )
  }

  it('closes a connection whose body trickles in slower than HTTP_REQUEST_TIMEOUT_MS, with 408', async () => {
    const head = `POST /v1/recording-tasks HTTP/1.1\r\nHost: gateway\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`
    const { ms, answer } = await send(head, () => ' ', 100)
    console.log(`trickled body: closed after ${ms} ms (HTTP_REQUEST_TIMEOUT_MS=1000)`)
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(ms).toBeGreaterThanOrEqual(1000)
    expect(ms).toBeLessThan(3500) // the timeout, plus at most one connections check (every second), plus slack
  })

  it('closes a connection whose headers trickle in, with 408', async () => {
    const { ms, answer } = await send('GET /v1/recording-tasks HTTP/1.1\r\nHost: gateway\r\n', () => 'X-Slow: 1\r\n', 100)
    console.log(`trickled headers: closed after ${ms} ms`)
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(ms).toBeLessThan(3500)
  })

  it('still takes a request that arrives in time, even in pieces', async () => {
    const body = JSON.stringify(GUIDE_SUBMIT)
    const head = `POST /v1/recording-tasks HTTP/1.1\r\nHost: gateway\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`
    // Four pieces 150 ms apart: 600 ms of the 1000 allowed.
    const pieces = [body.slice(0, 50), body.slice(50, 100), body.slice(100, 150), body.slice(150)]
    const { answer } = await send(head, () => pieces.shift(), 150)
    expect(answer).toMatch(/^HTTP\/1\.1 202 /)
    expect((await fetch(`${server.base}/v1/recording-tasks`, { headers: { authorization } })).status, 'and the next one as usual').toBe(200)
  })

  it('limits an address behind a trusted proxy by its X-Forwarded-For: the 701st request is 429, /ready too, /live not', async () => {
    const from = (address: string, path = '/v1/recording-tasks') => fetch(`${server.base}${path}`, { headers: { authorization: MADE_UP, 'x-forwarded-for': address } })
    const started = Date.now()
    const codes = new Map<number, number>()
    for (let i = 0; i < 700; i++) {
      const { status } = await from('203.0.113.7')
      codes.set(status, (codes.get(status) ?? 0) + 1)
    }
    const limited = await from('203.0.113.7')
    console.log(`700 made-up keys from one address: all 401; the 701st → ${limited.status} after ${Date.now() - started} ms`)
    expect([...codes]).toEqual([[401, 700]])
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await limited.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' })
    expect((await from('203.0.113.7', '/ready')).status).toBe(429)
    expect((await from('203.0.113.7', '/live')).status).toBe(200)
    expect((await from('203.0.113.8')).status, 'another ERP behind the same proxy').toBe(401)
  })
})
