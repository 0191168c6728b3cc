// SIGTERM to the real server: it stops taking requests, finishes the one in flight, lets the worker finish its
// step and release its claim, serves metrics on their own port until then, and exits 0.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/open.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { databaseForChild, freePort, killAtEnd, startServer } from '../helpers/child.ts'
import { freshInvoices } from '../helpers/gateway.ts'
import { poll } from '../helpers/poll.ts'

let sandbox: RunningSandbox
let databaseUrl: string
let cleanup: () => Promise<void>
let authorization: string

beforeAll(async () => {
  sandbox = await startSandbox()
  ;({ databaseUrl, authorization, cleanup } = await databaseForChild('shutdown'))
})
afterAll(async () => {
  await sandbox.close()
  await cleanup()
})

describe('graceful shutdown', () => {
  // A server process on PGlite, work in flight, then its stop: the start alone can take 15–20 s on a loaded machine.
  it('finishes in-flight work, releases claims and exits 0', { timeout: 60_000 }, async () => {
    const metricsPort = await freePort()
    const server = await startServer(sandbox, databaseUrl, { METRICS_PORT: String(metricsPort), LOG_LEVEL: 'info', WORKER_POLL_INTERVAL_MS: '600000' })
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
    expect(await metrics.text()).toContain('gateway_tasks')
    // The metrics are not on the API port.
    expect((await fetch(`${server.base}/metrics`)).status).toBe(404)

    // A vendor call of the worker and an API request, both slow and both in flight at SIGTERM.
    sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'latency', ms: 1000 } })
    sandbox.state.faults.push({ on: 'taxLogin', times: 1, fault: { kind: 'latency', ms: 1000 } })
    const headers = { authorization, 'content-type': 'application/json' }
    const submitted = await fetch(`${server.base}/v1/recording-tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: freshInvoices(sandbox, SANDBOX_TAX_NOS.guide, 1) }),
    })
    const taskId = ((await submitted.json()) as any).id
    const login = fetch(`${server.base}/v1/tax-login`, { method: 'POST', headers, body: JSON.stringify({ taxNo: SANDBOX_TAX_NOS.guide }) })
    await poll(() => sandbox.state.count('invoiceRecorded') > 0 && sandbox.state.count('taxLogin') > 0, (both) => both, { timeoutMs: 30_000, intervalMs: 10, what: 'the 4.16 and the taxLogin under way' })

    server.child.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 100))
    // New connections are refused while the in-flight ones finish.
    await expect(fetch(`${server.base}/live`)).rejects.toThrow()
    const answered = await login
    expect(answered.status).toBe(200)
    const code = await server.exited
    expect(code, server.output()).toBe(0)
    expect(server.output()).toContain('shutting down')
    expect(server.output()).toContain('"msg":"stopped"')

    // The worker finished its step (the vendor task number is stored) and released the task.
    const db = await openDatabase(databaseUrl)
    try {
      const task = await db.prisma.recordingTask.findUniqueOrThrow({ where: { id: taskId }, include: { batches: true } })
      expect(task).toMatchObject({ status: 'submitted', leaseOwner: null, leaseUntil: null })
      expect(task.batches[0].vendorTaskNo).toBeTruthy()
    } finally {
      await db.close()
    }
  })

  // A first start in sandbox mode (the image's first `docker run`) still creates its demo client after it listens;
  // a SIGTERM then, as an orchestrator may send at once, must be a graceful stop and not a kill.
  it('exits 0 on a SIGTERM that arrives as soon as the server listens', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ruzhang-early-term-'))
    try {
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PIAOZONE_')))
      const child = killAtEnd(spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        env: { ...env, DATABASE_URL: `pglite:${dir}`, PORT: String(await freePort()), METRICS_PORT: '0', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }))
      let output = ''
      let signalled = false
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      child.stderr.on('data', (d) => (output += d))
      child.stdout.on('data', (d) => {
        output += d
        if (output.includes('Server listening') && !signalled) signalled = child.kill('SIGTERM')
      })
      expect(await exited, output).toBe(0)
      expect(output).toContain('"msg":"stopped"')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
