// One log line per request (issue 21.8), on a terminal (pretty) and for log collectors (JSON): the real server,
// N requests, and the lines they left counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { databaseForChild, startServer } from '../helpers/child.ts'

const N = 42
// An answer, a refusal (no key) and an unknown route: each one line.
const ROUTES = [
  { path: '/live', status: 200 },
  { path: '/v1/tax-numbers', status: 401 },
  { path: '/no-such-route', status: 404 },
]
const route = (i: number) => ROUTES[i % ROUTES.length]

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(() => sandbox.close())

describe.each(['pretty', 'json'])('LOG_FORMAT=%s', (format) => {
  it(`writes one line per request, with method, url, status, time and request id`, { timeout: 60_000 }, async () => {
    const db = await databaseForChild(`log-${format}`)
    const server = await startServer(sandbox, db.databaseUrl, { LOG_LEVEL: 'info', LOG_FORMAT: format })
    try {
      const lines = () => server.output().split('\n')
      // The start's last words (the credential check runs in the background) come before the requests'.
      await expect.poll(() => server.output(), { timeout: 10_000 }).toContain('piaozone account default: app token and login accepted')
      for (let i = 0; i < N; i++) {
        const res = await fetch(`${server.base}${route(i).path}?probe=${i}`, { headers: { 'x-request-id': `probe-${i}` } })
        expect(res.status).toBe(route(i).status)
      }
      const probes = () => lines().filter((l) => l.includes('probe='))
      await expect.poll(() => probes().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(N)
      // Each request is one line, and the lines of the N requests are N lines in a row: no request has a second entry.
      expect(probes()).toHaveLength(N)
      const first = lines().indexOf(probes()[0])
      expect(lines().slice(first, first + N)).toEqual(probes())
      probes().forEach((line, i) => {
        const { path, status } = route(i)
        if (format === 'json') {
          expect(JSON.parse(line)).toMatchObject({ level: 30, reqId: `probe-${i}`, method: 'GET', url: `${path}?probe=${i}`, statusCode: status, responseTime: expect.any(Number) })
        } else {
          expect(line).toMatch(new RegExp(`^\\[[\\d:.]+\\] INFO: GET ${path}\\?probe=${i} ${status} [\\d.]+ ms \\{"reqId":"probe-${i}"\\}$`))
        }
      })
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
      await db.cleanup()
    }
  })
})
