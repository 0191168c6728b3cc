// `npm run bench:profile-hop`: the submit → vendor task number hop on a fresh database, profiled. Starts the sandbox and
// the compiled gateway with `--cpu-prof`, makes 300 sequential submits of 100 invoices (the first 50 warm up), prints
// when the 202 came and when the task number was stored (p50/p99), then the gateway's functions by CPU time.
// bench/RESULTS.md quotes its output for what is closest to its limit.
import { execSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { ClientService } from '../src/clients/service.ts'
import { openDatabase } from '../src/db/open.ts'
import { freePort, percentile, round, spawnNode, waitForHttp } from './lib.ts'
import { SEED_TAX_NO } from './seed.ts'

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const url = new URL(SERVER)
url.pathname = '/ruzhang_profile'
const admin = new pg.Client({ connectionString: SERVER })
await admin.connect()
await admin.query('DROP DATABASE IF EXISTS ruzhang_profile WITH (FORCE)')
await admin.query('CREATE DATABASE ruzhang_profile')
const db = await openDatabase(url.toString())
const { key } = await new ClientService(db).addClient('profile', 'any')
await db.close()
execSync('npm run build --silent', { stdio: 'inherit' })

const sandboxPort = await freePort()
const sandbox = spawnNode(['src/sandbox/server.ts'], { SANDBOX_PORT: String(sandboxPort), SANDBOX_ACCEPT_UNKNOWN_INVOICES: 'true', SANDBOX_TASK_DELAY_MS: '0' })
await waitForHttp(`http://127.0.0.1:${sandboxPort}/__sandbox/faults`, sandbox)
const profiles = mkdtempSync(path.join(os.tmpdir(), 'ruzhang-profile-'))
const port = await freePort()
const gateway = spawnNode(['--max-semi-space-size=8', 'dist/server.js'], {
  NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profiles}`,
  DATABASE_URL: url.toString(),
  PORT: String(port),
  METRICS_PORT: '0',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_MAX: '1000000',
  RATE_LIMIT_IP_MAX: '1000000',
  PIAOZONE_BASE_URL: `http://127.0.0.1:${sandboxPort}/sandbox`,
  PIAOZONE_APP_ID: 'sandbox-app',
  PIAOZONE_APP_SECRET: 'sandbox-secret',
  PIAOZONE_ACCOUNT_ID: 'sandbox-account',
  PIAOZONE_USER: 'sandbox-user',
  PIAOZONE_BUSINESS_SYSTEM_CODE: 'ERP-SANDBOX',
  WORKER_POLL_INTERVAL_MS: '600000',
  WORKER_IDLE_MS: '1000',
})
await waitForHttp(`http://127.0.0.1:${port}/live`, gateway)

const watcher = new pg.Client({ connectionString: url.toString() })
await watcher.connect()
let counter = 0
const invoices = () => Array.from({ length: 100 }, () => ({ invoiceNo: `28${String(++counter).padStart(18, '0')}`, recordedTime: '20251126', recordedPeriod: '202511' }))
const answered: number[] = []
const stored: number[] = []
for (let i = 0; i < 300; i++) {
  const t0 = performance.now()
  const res = await fetch(`http://127.0.0.1:${port}/v1/recording-tasks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ taxNo: SEED_TAX_NO, nextEntryMarkStatus: '02', invoices: invoices() }),
  })
  const { id } = (await res.json()) as { id: string }
  const t1 = performance.now()
  for (;;) {
    const { rows } = await watcher.query('SELECT "vendorTaskNo" FROM "VendorBatch" WHERE "taskId" = $1', [id])
    if (rows[0]?.vendorTaskNo) break
  }
  if (i >= 50) {
    answered.push(t1 - t0)
    stored.push(performance.now() - t0)
  }
}
await watcher.end()
await gateway.stop()
await sandbox.stop()
await admin.query('DROP DATABASE IF EXISTS ruzhang_profile WITH (FORCE)')
await admin.end()

function figure(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b)
  return `p50 ${round(percentile(sorted, 50))} ms, p99 ${round(percentile(sorted, 99))} ms`
}
console.log(`202 answered: ${figure(answered)}; vendor task number stored: ${figure(stored)}`)

// Self time per function, from the profile the gateway wrote when it stopped.
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}
for (const file of readdirSync(profiles)) {
  const profile = JSON.parse(readFileSync(path.join(profiles, file), 'utf8')) as CpuProfile
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const { callFrame: f } = nodes.get(id) as CpuProfile['nodes'][number]
    const where = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`
    self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0))
    total += profile.timeDeltas[i] ?? 0
  })
  console.log(`\n${file}: ${Math.round(total / 1000)} ms sampled (the start-up included); self time:`)
  for (const [where, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${String(Math.round(us / 1000)).padStart(8)} ms  ${where}`)
}
