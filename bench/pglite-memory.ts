// `node --import tsx bench/pglite-memory.ts`: where the gateway's memory goes on embedded PGlite, over the bench's
// PGlite rows (8 s of submits of 100 with the worker off; then 200 tasks × 100 end to end through the sandbox). For
// each phase: the gateway's peak RSS, and at its end the share in WebAssembly memory (PGlite's Postgres) against the
// rest (Node, V8's heap, the app, the compiled wasm code). Extra environment for the gateway comes from PROBE_ENV (JSON), to compare settings.
import { execSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ClientService } from '../src/clients/service.ts'
import { openDatabase } from '../src/db/open.ts'
import { freePort, load, peakRssMb, round, spawnNode, waitForHttp } from './lib.ts'
import { SEED_TAX_NO } from './seed.ts'

const extra = JSON.parse(process.env.PROBE_ENV ?? '{}') as Record<string, string>
let counter = 0
const body = () =>
  JSON.stringify({
    taxNo: SEED_TAX_NO,
    nextEntryMarkStatus: '02',
    invoices: Array.from({ length: 100 }, () => ({ invoiceNo: `28${String(++counter).padStart(10, '0')}${String(process.pid).padStart(8, '0')}`.slice(0, 20), recordedTime: '20251126', recordedPeriod: '202511' })),
  })

/**
 * RSS of the process's WebAssembly memory (PGlite's Postgres), in MB: anonymous mappings larger than 64 MiB. Nothing
 * else of a Node process maps that much in one piece here (V8's heap pages are 256 KiB, glibc's arenas at most
 * 64 MiB); measured: 128–190 MiB mappings that follow shared_buffers.
 */
function wasmRssMb(pid: number): number {
  let kb = 0
  let inWasm = false
  let anonymous = false
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line)
    if (head) anonymous = head[1] === '0' && head[2] === ''
    const size = /^Size:\s+(\d+) kB/.exec(line)
    if (size) inWasm = anonymous && Number(size[1]) > 64 * 1024
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss && inWasm) kb += Number(rss[1])
  }
  return Math.round(kb / 1024)
}

async function phase(name: string, workerOn: boolean, run: (base: string, auth: Record<string, string>, metricsPort: number) => Promise<string>, sandboxUrl: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ruzhang-probe-'))
  const url = `pglite:${dir}`
  const db = await openDatabase(url)
  const key = (await new ClientService(db).addClient(`probe-${randomUUID().slice(0, 8)}`, 'any')).key.key
  await db.close()
  const port = await freePort()
  const metricsPort = await freePort()
  const gw = spawnNode(['--max-semi-space-size=8', 'dist/server.js'], {
    DATABASE_URL: url, PORT: String(port), METRICS_PORT: String(metricsPort), LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_IP_MAX: '1000000',
    PIAOZONE_BASE_URL: sandboxUrl, PIAOZONE_APP_ID: 'sandbox-app', PIAOZONE_APP_SECRET: 'sandbox-secret', PIAOZONE_ACCOUNT_ID: 'sandbox-account',
    PIAOZONE_USER: 'sandbox-user', PIAOZONE_BUSINESS_SYSTEM_CODE: 'ERP-SANDBOX', WORKER_ENABLED: String(workerOn),
    WORKER_POLL_INTERVAL_MS: '500', WORKER_POLL_MAX_INTERVAL_MS: '1000', WORKER_CONCURRENCY: '32', WORKER_IDLE_MS: '50', ...extra,
  })
  const base = `http://127.0.0.1:${port}`
  await waitForHttp(`${base}/live`, gw)
  const pid = gw.child.pid as number
  const idle = { rss: peakRssMb(pid), wasm: wasmRssMb(pid) }
  const note = await run(base, { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, metricsPort)
  const end = { peak: peakRssMb(pid), wasm: wasmRssMb(pid) }
  const sizeMb = Math.round(Number(execSync(`du -sk ${dir}`).toString().split('\t')[0]) / 1024)
  await gw.stop()
  rmSync(dir, { recursive: true, force: true })
  console.log(`${name}: ${note}; RSS idle ${idle.rss} MB (wasm ${idle.wasm}); peak ${end.peak} MB, wasm at the end ${end.wasm} MB, the rest ≤ ${end.peak - end.wasm} MB; data dir ${sizeMb} MB`)
  return end.peak
}

execSync('npm run build --silent', { stdio: 'inherit' })
const sandboxPort = await freePort()
const sandbox = spawnNode(['src/sandbox/server.ts'], { SANDBOX_PORT: String(sandboxPort), SANDBOX_ACCEPT_UNKNOWN_INVOICES: 'true', SANDBOX_MAX_BATCH_SIZE: '1000', SANDBOX_TASK_DELAY_MS: '500', SANDBOX_LATENCY_MS: '5' })
await waitForHttp(`http://127.0.0.1:${sandboxPort}/__sandbox/faults`, sandbox)
const sandboxUrl = `http://127.0.0.1:${sandboxPort}/sandbox`
console.log(`settings: ${JSON.stringify(extra)}`)
const submits = await phase('submits of 100, 8 s, worker off', false, async (base, headers) => {
  const fig = await load({ url: `${base}/v1/recording-tasks`, method: 'POST', headers, duration: 8, requests: [{ setupRequest: (req: any) => ({ ...req, body: body() }) }] })
  return `${fig.rps} req/s, p99 ${fig.p99} ms`
}, sandboxUrl)
const TASKS = Number(process.env.PROBE_TASKS ?? 200)
const e2e = await phase(`end to end, ${TASKS} tasks × 100`, true, async (base, headers, metricsPort) => {
  const t0 = Date.now()
  await load({ url: `${base}/v1/recording-tasks`, method: 'POST', headers, amount: TASKS, connections: 8, requests: [{ setupRequest: (req: any) => ({ ...req, body: body() }) }] })
  for (;;) {
    const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text())
    const unfinished = [...text.matchAll(/^gateway_tasks\{status="[^"]+"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0)
    if (unfinished === 0 || Date.now() - t0 > 600_000) break
    await new Promise((r) => setTimeout(r, 200))
  }
  return `all finished in ${round((Date.now() - t0) / 1000, 1)} s`
}, sandboxUrl)
console.log(`peak over the PGlite rows: ${Math.max(submits, e2e)} MB`)
await sandbox.stop()
