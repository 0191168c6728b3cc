// `npm run bench`: the gateway against its ceilings, side by side in one run, on real processes over loopback,
// real Postgres at 127.0.0.1:5432 and the sandbox. Prints one table and writes it, with the machine's details,
// to bench/RESULTS.md (notes below the marker there are kept). Targets are goals, never test assertions.
import { execSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { ClientService } from '../src/clients/service.ts'
import { openDatabase } from '../src/db/open.ts'
import { PiaozoneClient } from '../src/piaozone/client.ts'
import { clientConfigFor } from '../src/sandbox/start.ts'
import { freePort, load, peakRssMb, percentile, type Proc, round, rssMb, spawnNode, waitForHttp, type Figure } from './lib.ts'
import { SEED_TAX_NO, seedInvoices } from './seed.ts'

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const SEED_TASKS = Number(process.env.BENCH_SEED_TASKS ?? 10_000) // × 100 invoices
const E2E_TASKS = Number(process.env.BENCH_E2E_TASKS ?? 1000)
const DURATION = Number(process.env.BENCH_DURATION_S ?? 8)
const started = Date.now()
const rows: { name: string; fig?: Figure; ceiling?: string; extra?: string }[] = []
const targets: { target: string; measured: string; met: boolean }[] = []
const log = (m: string) => console.log(`[${Math.round((Date.now() - started) / 1000)}s] ${m}`)

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: SERVER })
  await c.connect()
  try {
    return await c.query(sql)
  } finally {
    await c.end()
  }
}

async function startSandboxProcess(env: Record<string, string>) {
  const port = await freePort()
  const proc = spawnNode(['src/sandbox/server.ts'], { SANDBOX_PORT: String(port), SANDBOX_ACCEPT_UNKNOWN_INVOICES: 'true', SANDBOX_MAX_BATCH_SIZE: '1000', ...env })
  await waitForHttp(`http://127.0.0.1:${port}/__sandbox/faults`, proc)
  return { proc, baseUrl: `http://127.0.0.1:${port}/sandbox` }
}

async function startGateway(databaseUrl: string, sandboxUrl: string, env: Record<string, string>): Promise<Proc & { base: string }> {
  const port = await freePort()
  // The compiled output, with the same command as `npm start` and the image (no TypeScript loader in the process).
  const proc = spawnNode(['--max-semi-space-size=8', 'dist/server.js'], {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '1000000',
    RATE_LIMIT_IP_MAX: '1000000',
    PIAOZONE_BASE_URL: sandboxUrl,
    PIAOZONE_APP_ID: 'sandbox-app',
    PIAOZONE_APP_SECRET: 'sandbox-secret',
    PIAOZONE_ACCOUNT_ID: 'sandbox-account',
    PIAOZONE_USER: 'sandbox-user',
    PIAOZONE_BUSINESS_SYSTEM_CODE: 'ERP-SANDBOX',
    ...env,
  })
  await waitForHttp(`http://127.0.0.1:${port}/live`, proc)
  return Object.assign(proc, { base: `http://127.0.0.1:${port}` })
}

async function newClient(databaseUrl: string): Promise<{ key: string; clientId: string }> {
  const db = await openDatabase(databaseUrl)
  try {
    const { client, key } = await new ClientService(db).addClient(`bench-${randomUUID().slice(0, 8)}`, 'any')
    return { key: key.key, clientId: client.id }
  } finally {
    await db.close()
  }
}

let invoiceCounter = 0
function invoices(n: number) {
  return Array.from({ length: n }, () => ({ invoiceNo: `27${String(++invoiceCounter).padStart(10, '0')}${String(process.pid).padStart(8, '0')}`.slice(0, 20), recordedTime: '20251126', recordedPeriod: '202511' }))
}
const submitBody = (n: number) => JSON.stringify({ taxNo: SEED_TAX_NO, nextEntryMarkStatus: '02', invoices: invoices(n) })

// ---------------------------------------------------------------------------------------------------------
log('0. npm run build')
execSync('npm run build --silent', { stdio: 'inherit' })

log('1. ceilings')
const ceilings: Record<string, Figure> = {}
for (const kind of ['http', 'fastify']) {
  const port = await freePort()
  const proc = spawnNode(['bench/ceiling-servers.ts', kind, String(port)])
  await waitForHttp(`http://127.0.0.1:${port}/`, proc)
  ceilings[kind] = await load({ url: `http://127.0.0.1:${port}/`, duration: DURATION })
  rows.push({ name: `ceiling: bare ${kind === 'http' ? 'node:http' : 'Fastify'} JSON`, fig: ceilings[kind] })
  await proc.stop()
}

log(`2. database: ${SEED_TASKS * 100} invoices`)
const url = new URL(SERVER)
url.pathname = '/ruzhang_bench'
const databaseUrl = url.toString()
await adminQuery('DROP DATABASE IF EXISTS ruzhang_bench WITH (FORCE)')
await adminQuery('CREATE DATABASE ruzhang_bench')
const { key, clientId } = await newClient(databaseUrl)
const seedStarted = Date.now()
const seedDb = new pg.Client({ connectionString: databaseUrl })
await seedDb.connect()
const seeded = await seedInvoices(seedDb, clientId, SEED_TASKS)
// One seeded task unfinished for the lookups (the worker is off then); finished again before the worker runs.
const setUnfinished = (unfinished: boolean) =>
  seedDb.query(`UPDATE "RecordingTask" SET status = $2, "finishedAt" = ${unfinished ? 'NULL' : 'now()'} WHERE id = $1::uuid`, [seeded.unfinishedTaskId, unfinished ? 'submitted' : 'completed'])
await setUnfinished(true)
const seedSeconds = round((Date.now() - seedStarted) / 1000, 1)
log(`   seeded in ${seedSeconds} s`)
const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }

// The floor under every durable write: one autocommitted one-row INSERT (the server's WAL flush).
await seedDb.query('CREATE TABLE bench_commit (n int)')
const commits: number[] = []
for (let i = 0; i < 220; i++) {
  const t0 = performance.now()
  await seedDb.query('INSERT INTO bench_commit VALUES ($1)', [i])
  if (i >= 20) commits.push(performance.now() - t0)
}
commits.sort((a, b) => a - b)
const commitFloor = { p50: round(percentile(commits, 50)), p99: round(percentile(commits, 99)) }
rows.push({ name: 'Postgres: one autocommitted INSERT (the commit floor)', fig: { rps: Math.round(1000 / commitFloor.p50), ...commitFloor, errors: 0, non2xx: 0 }, extra: 'every durable step pays this' })

const sandboxNow = await startSandboxProcess({ SANDBOX_TASK_DELAY_MS: '0' })

log('3. lookups and submits (worker off, so only the API is measured)')
let gateway = await startGateway(databaseUrl, sandboxNow.baseUrl, { WORKER_ENABLED: 'false' })
await new Promise((r) => setTimeout(r, 2000))
const rssIdle = rssMb(gateway.child.pid as number)
const live = await load({ url: `${gateway.base}/live`, duration: DURATION })
rows.push({ name: 'GET /live', fig: live, ceiling: 'fastify' })
const byId = await load({ url: `${gateway.base}/v1/recording-tasks/${seeded.taskId}`, headers: auth, duration: DURATION })
rows.push({ name: 'GET /v1/recording-tasks/{id}, finished (100 invoices)', fig: byId, ceiling: 'fastify' })
const byIdUnfinished = await load({ url: `${gateway.base}/v1/recording-tasks/${seeded.unfinishedTaskId}`, headers: auth, duration: DURATION })
rows.push({ name: 'GET /v1/recording-tasks/{id}, unfinished (100 invoices)', fig: byIdUnfinished, ceiling: 'fastify' })
const entry = await load({ url: `${gateway.base}/v1/invoices/${seeded.invoiceNo}/entry-status?taxNo=${SEED_TAX_NO}`, headers: auth, duration: DURATION })
rows.push({ name: 'GET /v1/invoices/{no}/entry-status', fig: entry, ceiling: 'fastify' })
const search = await load({ url: `${gateway.base}/v1/invoices?taxNo=${SEED_TAX_NO}&recordedPeriod=202511&outcome=succeeded&limit=100`, headers: auth, duration: DURATION })
rows.push({ name: 'GET /v1/invoices, first page of 100 (tax number, month, outcome)', fig: search, ceiling: 'fastify' })
const submits: Record<number, Figure> = {}
for (const n of [1, 100, 1000]) {
  submits[n] = await load({
    url: `${gateway.base}/v1/recording-tasks`,
    method: 'POST',
    headers: auth,
    duration: DURATION,
    connections: n === 1000 ? 4 : 10,
    requests: [{ setupRequest: (req: any) => ({ ...req, body: submitBody(n) }) }],
  })
  rows.push({ name: `POST /v1/recording-tasks, ${n} invoice${n > 1 ? 's' : ''}`, fig: submits[n], ceiling: 'fastify', extra: `${(submits[n].rps * n).toLocaleString('en')} invoices/s` })
}
const rssApiPg = peakRssMb(gateway.child.pid as number)
await gateway.stop()
await setUnfinished(false)
// The worker was off: those tasks are still accepted. Later phases must not inherit them as a backlog.
const clearBacklog = () => seedDb.query(`DELETE FROM "RecordingTask" WHERE "requestHash" <> 'seed'`)
await clearBacklog()

log('4. the gateway hop: ERP submit → vendor task number stored, against the same batch sent straight to the sandbox')
gateway = await startGateway(databaseUrl, sandboxNow.baseUrl, { WORKER_POLL_INTERVAL_MS: '600000', WORKER_IDLE_MS: '1000' })
const watcher = new pg.Client({ connectionString: databaseUrl })
await watcher.connect()
const HOP_RUNS = 150
const hop: number[] = []
for (let i = 0; i < HOP_RUNS + 20; i++) {
  const t0 = performance.now()
  const res = await fetch(`${gateway.base}/v1/recording-tasks`, { method: 'POST', headers: auth, body: submitBody(100) })
  const { id } = (await res.json()) as { id: string }
  for (;;) {
    const { rows: r } = await watcher.query('SELECT "vendorTaskNo" FROM "VendorBatch" WHERE "taskId" = $1', [id])
    if (r[0]?.vendorTaskNo) break
  }
  if (i >= 20) hop.push(performance.now() - t0) // the first 20 warm up
}
const direct: number[] = []
const vendor = new PiaozoneClient(clientConfigFor({ baseUrl: sandboxNow.baseUrl, state: { credentials: { appId: 'sandbox-app', appSecret: 'sandbox-secret', accountId: 'sandbox-account', tenantId: 'sandbox', user: 'sandbox-user', businessSystemCode: 'ERP-SANDBOX' }, dataCodec: 'base64', aesKey: '' } } as any))
for (let i = 0; i < HOP_RUNS + 20; i++) {
  const batch = invoices(100).map((inv, n) => ({ ...inv, serialNo: `s${i}-${n}` }))
  const t0 = performance.now()
  await vendor.invoiceRecorded({ taxNo: SEED_TAX_NO, nextEntryMarkStatus: '02', invoices: batch })
  if (i >= 20) direct.push(performance.now() - t0)
}
hop.sort((a, b) => a - b)
direct.sort((a, b) => a - b)
const hopFig = { p50: round(percentile(hop, 50)), p99: round(percentile(hop, 99)) }
const directFig = { p50: round(percentile(direct, 50)), p99: round(percentile(direct, 99)) }
const added = { p50: round(hopFig.p50 - directFig.p50), p99: round(hopFig.p99 - directFig.p99) }
rows.push({ name: 'hop: submit 100 → vendor task no. stored (sequential)', fig: { rps: Math.round(1000 / hopFig.p50), ...hopFig, errors: 0, non2xx: 0 } })
rows.push({ name: 'direct: invoiceRecorded 100 to the sandbox', fig: { rps: Math.round(1000 / directFig.p50), ...directFig, errors: 0, non2xx: 0 }, extra: `added by the gateway: p50 ${added.p50} ms, p99 ${added.p99} ms` })
await watcher.end()
const rssHopPg = peakRssMb(gateway.child.pid as number)
await gateway.stop()
await clearBacklog() // submitted, never polled

log(`5. end to end: ${E2E_TASKS} tasks × 100 invoices; the sandbox finishes each task 500 ms after it is created, with 5 ms latency per call`)
const sandboxSlow = await startSandboxProcess({ SANDBOX_TASK_DELAY_MS: '500', SANDBOX_LATENCY_MS: '5' })

/** Reads the gateway's own metrics: tasks not finished yet (gateway_tasks counts only those), and the age of the oldest. */
async function gatewayMetrics(metricsPort: number) {
  const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text())
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0)
  return {
    unfinished: [...text.matchAll(/^gateway_tasks\{status="[^"]+"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0),
    oldestAgeMs: value(/gateway_oldest_unfinished_task_age_seconds ([\d.e+-]+)/) * 1000,
  }
}

/** The database's size in MB: Postgres's own figure, or the embedded database's directory. */
async function databaseSizeMb(dbUrl: string): Promise<number> {
  if (dbUrl.startsWith('pglite:')) return Math.round(Number(execSync(`du -sk ${dbUrl.slice('pglite:'.length)}`).toString().split('\t')[0]) / 1024)
  const c = new pg.Client({ connectionString: dbUrl })
  await c.connect()
  try {
    return Math.round(Number((await c.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b) / 2 ** 20)
  } finally {
    await c.end()
  }
}

/** The vendor call log's size in MB and rows (Postgres only; retention prunes it): what of the growth retention takes back. */
async function vendorCallLog(dbUrl: string): Promise<{ mb: number; rows: number } | undefined> {
  if (dbUrl.startsWith('pglite:')) return undefined
  const c = new pg.Client({ connectionString: dbUrl })
  await c.connect()
  try {
    const { rows } = await c.query(`SELECT pg_total_relation_size('"VendorCall"') AS b, (SELECT count(*) FROM "VendorCall") AS n`)
    return { mb: Math.round(Number(rows[0].b) / 2 ** 20), rows: Number(rows[0].n) }
  } finally {
    await c.end()
  }
}

/** A worker for a backlog against the slow sandbox: polls twice a second, 32 tasks at once. */
const BUSY_WORKER = { WORKER_POLL_INTERVAL_MS: '500', WORKER_POLL_MAX_INTERVAL_MS: '1000', WORKER_CONCURRENCY: '32', WORKER_IDLE_MS: '50' }

/** Submits `tasks` tasks of 100 invoices (8 connections) and waits until none is unfinished (the backlog was cleared before). */
async function endToEnd(dbUrl: string, headers: Record<string, string>, tasks: number) {
  const metricsPort = await freePort()
  const gw = await startGateway(dbUrl, sandboxSlow.baseUrl, { METRICS_PORT: String(metricsPort), ...BUSY_WORKER })
  const t0 = Date.now()
  // Worker lag: the oldest unfinished task's age. Each task needs at least the sandbox's 500 ms, so a worker
  // that keeps up holds it near that; one that falls behind lets it grow with the backlog.
  let maxAgeMs = 0
  let finished = 0
  const sampler = setInterval(async () => {
    const m = await gatewayMetrics(metricsPort).catch(() => undefined)
    if (m) maxAgeMs = Math.max(maxAgeMs, m.oldestAgeMs)
  }, 250)
  const submit = await load({
    url: `${gw.base}/v1/recording-tasks`,
    method: 'POST',
    headers,
    amount: tasks,
    connections: Math.min(8, tasks),
    requests: [{ setupRequest: (req: any) => ({ ...req, body: submitBody(100) }) }],
  })
  const submitSeconds = (Date.now() - t0) / 1000
  const accepted = tasks - submit.errors - submit.non2xx
  while (Date.now() - t0 < 600_000) {
    finished = accepted - (await gatewayMetrics(metricsPort)).unfinished
    if (finished >= accepted) break
    await new Promise((r) => setTimeout(r, 100))
  }
  clearInterval(sampler)
  const seconds = (Date.now() - t0) / 1000
  const rss = peakRssMb(gw.child.pid as number)
  await gw.stop()
  return { submit, submitSeconds, seconds, finished, maxAgeMs: Math.round(maxAgeMs), rss }
}

const e2e = await endToEnd(databaseUrl, auth, E2E_TASKS)
rows.push({
  name: `end to end: ${e2e.finished}/${E2E_TASKS} tasks × 100, submit to every outcome`,
  fig: { rps: round(e2e.finished / e2e.seconds, 1), p50: e2e.submit.p50, p99: e2e.submit.p99, errors: e2e.submit.errors, non2xx: e2e.submit.non2xx },
  extra: `${round(E2E_TASKS / e2e.submitSeconds, 1)} tasks/s submitted, ${round(e2e.finished / e2e.seconds, 1)} tasks/s finished; all in ${round(e2e.seconds, 1)} s; oldest unfinished task ≤ ${e2e.maxAgeMs} ms`,
})

const SOAK_TASKS = Number(process.env.BENCH_SOAK_TASKS ?? 2000)
const SOAK_WAVES = 10

/**
 * A month's volume in fast-forward: SOAK_TASKS × 100 invoices through the sandbox (each task done 500 ms after its
 * submit, so polled), in ten waves, each submitted (8 connections) and worked to its end before the next. After
 * each wave: the gateway's RSS and the database's size, so growth with the data shows as a slope.
 */
async function soak(dbUrl: string, headers: Record<string, string>) {
  const metricsPort = await freePort()
  const gw = await startGateway(dbUrl, sandboxSlow.baseUrl, { METRICS_PORT: String(metricsPort), ...BUSY_WORKER })
  const pid = gw.child.pid as number
  const start = { rss: rssMb(pid), sizeMb: await databaseSizeMb(dbUrl), calls: await vendorCallLog(dbUrl) }
  const waves: { rss: number; sizeMb: number }[] = []
  const t0 = Date.now()
  let errors = 0
  let finished = 0
  for (let w = 0; w < SOAK_WAVES; w++) {
    const n = Math.round(SOAK_TASKS / SOAK_WAVES)
    const fig = await load({ url: `${gw.base}/v1/recording-tasks`, method: 'POST', headers, amount: n, connections: 8, requests: [{ setupRequest: (req: any) => ({ ...req, body: submitBody(100) }) }] })
    errors += fig.errors + fig.non2xx
    while ((await gatewayMetrics(metricsPort)).unfinished > 0 && Date.now() - t0 < 900_000) await new Promise((r) => setTimeout(r, 200))
    finished += n - fig.errors - fig.non2xx
    waves.push({ rss: rssMb(pid), sizeMb: await databaseSizeMb(dbUrl) })
  }
  const seconds = (Date.now() - t0) / 1000
  const peak = peakRssMb(pid)
  await gw.stop()
  const calls = await vendorCallLog(dbUrl)
  return { start, waves, seconds, finished, errors, peak, calls: start.calls && calls ? { mb: calls.mb - start.calls.mb, rows: calls.rows - start.calls.rows } : undefined }
}

function soakRow(kind: string, r: Awaited<ReturnType<typeof soak>>) {
  const first = r.waves[0]
  const last = r.waves[r.waves.length - 1]
  const invoices = r.finished * 100
  const perMillion = (mb: number) => round((mb / invoices) * 1_000_000)
  rows.push({
    name: `soak, ${kind}: ${invoices.toLocaleString('en')} invoices (${r.finished}/${SOAK_TASKS} tasks, ${SOAK_WAVES} waves) through the sandbox, polled to the end`,
    fig: { rps: round(r.finished / r.seconds, 1), p50: Number.NaN, p99: Number.NaN, errors: r.errors, non2xx: 0 },
    extra: `in ${round(r.seconds, 1)} s; database ${r.start.sizeMb} → ${first.sizeMb} (first wave) → ${last.sizeMb} MB: ${perMillion(last.sizeMb - r.start.sizeMb)} MB per million invoices${r.calls ? ` (the vendor call log ${r.calls.rows.toLocaleString('en')} calls, ${r.calls.mb} MB)` : ''}; gateway RSS ${r.start.rss} MB at start, ${first.rss} after the first wave, ${last.rss} at the end (waves: ${r.waves.map((w) => w.rss).join(', ')}), peak ${r.peak} MB`,
  })
}
log(`5b. soak on Postgres: ${SOAK_TASKS} tasks × 100 invoices in ${SOAK_WAVES} waves`)
await clearBacklog()
const soakPg = await soak(databaseUrl, auth)
soakRow('Postgres', soakPg)

log('6. submits and end to end on embedded PGlite')
const pgliteDir = mkdtempSync(path.join(os.tmpdir(), 'ruzhang-bench-'))
const pgliteUrl = `pglite:${pgliteDir}`
const pgliteAuth = { authorization: `Bearer ${(await newClient(pgliteUrl)).key}`, 'content-type': 'application/json' }
gateway = await startGateway(pgliteUrl, sandboxNow.baseUrl, { WORKER_ENABLED: 'false' })
const pgliteSubmit = await load({ url: `${gateway.base}/v1/recording-tasks`, method: 'POST', headers: pgliteAuth, duration: DURATION, requests: [{ setupRequest: (req: any) => ({ ...req, body: submitBody(100) }) }] })
rows.push({ name: 'PGlite: POST /v1/recording-tasks, 100 invoices', fig: pgliteSubmit, ceiling: 'fastify', extra: `${(pgliteSubmit.rps * 100).toLocaleString('en')} invoices/s` })
const rssApiPglite = peakRssMb(gateway.child.pid as number)
await gateway.stop()
const pgliteTasks = Math.min(E2E_TASKS, 200)
// A fresh embedded database, so the submit phase's accepted tasks are not a backlog here.
const pgliteE2eUrl = `pglite:${mkdtempSync(path.join(os.tmpdir(), 'ruzhang-bench-e2e-'))}`
const pgliteE2eAuth = { authorization: `Bearer ${(await newClient(pgliteE2eUrl)).key}`, 'content-type': 'application/json' }
const pgliteE2e = await endToEnd(pgliteE2eUrl, pgliteE2eAuth, pgliteTasks)
rmSync(pgliteE2eUrl.slice('pglite:'.length), { recursive: true, force: true })
rows.push({
  name: `PGlite: end to end, ${pgliteE2e.finished}/${pgliteTasks} tasks × 100`,
  fig: { rps: round(pgliteE2e.finished / pgliteE2e.seconds, 1), p50: pgliteE2e.submit.p50, p99: pgliteE2e.submit.p99, errors: pgliteE2e.submit.errors, non2xx: pgliteE2e.submit.non2xx },
  extra: `all in ${round(pgliteE2e.seconds, 1)} s; oldest unfinished task ≤ ${pgliteE2e.maxAgeMs} ms`,
})
rmSync(pgliteDir, { recursive: true, force: true })
log(`6b. soak on PGlite: ${SOAK_TASKS} tasks × 100 invoices`)
const pgliteSoakUrl = `pglite:${mkdtempSync(path.join(os.tmpdir(), 'ruzhang-bench-soak-'))}`
const pgliteSoak = await soak(pgliteSoakUrl, { authorization: `Bearer ${(await newClient(pgliteSoakUrl)).key}`, 'content-type': 'application/json' })
rmSync(pgliteSoakUrl.slice('pglite:'.length), { recursive: true, force: true })
soakRow('PGlite', pgliteSoak)

log('7. automatic 入账 on Postgres: candidate intake, then one run over 100,000 waiting candidates')
gateway = await startGateway(databaseUrl, sandboxNow.baseUrl, { WORKER_ENABLED: 'false' })
log('   a client for the intake')
const intakeAuth = { authorization: `Bearer ${(await newClient(databaseUrl)).key}`, 'content-type': 'application/json' }
log('   intake')
const candidateBody = (n: number) => JSON.stringify({ taxNo: SEED_TAX_NO, invoices: invoices(n).map((i) => ({ invoiceNo: i.invoiceNo, invoiceType: '82', issueDate: '20251101', source: 'tax_bureau' })) })
const intake = await load({ url: `${gateway.base}/v1/auto-entry/candidates`, method: 'PUT', headers: intakeAuth, duration: DURATION, connections: 4, requests: [{ setupRequest: (req: any) => ({ ...req, body: candidateBody(1000) }) }] })
const rssIntake = peakRssMb(gateway.child.pid as number)
rows.push({ name: 'PUT /v1/auto-entry/candidates, 1000 invoices', fig: intake, ceiling: 'fastify', extra: `${(intake.rps * 1000).toLocaleString('en')} invoices/s; peak RSS so far ${rssIntake} MB` })
// A client of its own with exactly 100,000 waiting candidates and a rule that takes them all.
const RUN_CANDIDATES = 100_000
log('   a client for the run')
const runAuth = { authorization: `Bearer ${(await newClient(databaseUrl)).key}`, 'content-type': 'application/json' }
log('   100,000 candidates')
for (let i = 0; i < RUN_CANDIDATES / 1000; i++) await fetch(`${gateway.base}/v1/auto-entry/candidates`, { method: 'PUT', headers: runAuth, body: candidateBody(1000) })
const rule = { enabled: true, priority: 1, match: { sources: ['tax_bureau'] }, action: { nextEntryMarkStatus: '02', recordedPeriod: 'run', recordedTime: 'run' }, schedule: '0 0 1 1 *' }
await fetch(`${gateway.base}/v1/auto-entry/rules/bench`, { method: 'PUT', headers: runAuth, body: JSON.stringify(rule) })
log('   the run')
const runT0 = performance.now()
const runId = ((await (await fetch(`${gateway.base}/v1/auto-entry/rules/bench/run`, { method: 'POST', headers: { authorization: runAuth.authorization } })).json()) as { id: string }).id
let autoRun: { state: string; counts: { submitted?: number }; tasks: unknown[] } = { state: 'running', counts: {}, tasks: [] }
while (autoRun.state === 'running') {
  await new Promise((r) => setTimeout(r, 100))
  autoRun = (await (await fetch(`${gateway.base}/v1/auto-entry/runs/${runId}`, { headers: { authorization: runAuth.authorization } })).json()) as typeof autoRun
}
const runSeconds = round((performance.now() - runT0) / 1000, 1)
rows.push({ name: `auto-entry run over ${RUN_CANDIDATES.toLocaleString('en')} waiting candidates`, extra: `${autoRun.state}: ${autoRun.counts.submitted?.toLocaleString('en')} submitted in ${autoRun.tasks.length} tasks, every task stored ${runSeconds} s after POST …/run` })
const rssAutoEntry = peakRssMb(gateway.child.pid as number)
await gateway.stop()
await sandboxNow.proc.stop()
await sandboxSlow.proc.stop()

// ---------------------------------------------------------------------------------------------------------
const rssPg = Math.max(rssApiPg, rssHopPg, e2e.rss, rssAutoEntry)
const rssPglite = Math.max(rssApiPglite, pgliteE2e.rss)
const rssPgliteSoak = pgliteSoak.peak
rows.push({
  name: 'RSS of the gateway: idle after start; peak (3–7)',
  extra: `idle ${rssIdle} MB (Postgres); peak Postgres ${rssPg} MB (lookups and submits ${rssApiPg}, hop ${rssHopPg}, end to end ${e2e.rss}, automatic 入账 ${rssAutoEntry}), PGlite ${rssPglite} MB (submits ${rssApiPglite}, end to end ${pgliteE2e.rss}; soak ${rssPgliteSoak})`,
})

const bare = ceilings.fastify.rps
const ratio = (f?: Figure) => (f && !Number.isNaN(f.p50) ? `${Math.round((f.rps / bare) * 100)}%` : '')
const fmt = (n: number) => (Number.isNaN(n) ? '' : String(n))
const table = [
  '| measurement | req/s | p50 ms | p99 ms | of bare Fastify | errors / non-2xx | notes |',
  '|---|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.name} | ${r.fig ? r.fig.rps.toLocaleString('en') : ''} | ${r.fig ? fmt(r.fig.p50) : ''} | ${r.fig ? fmt(r.fig.p99) : ''} | ${r.ceiling ? ratio(r.fig) : ''} | ${r.fig ? `${r.fig.errors} / ${r.fig.non2xx}` : ''} | ${r.extra ?? ''} |`),
]

const check = (target: string, measured: string, met: boolean) => targets.push({ target, measured, met })
const share = (f: Figure) => f.rps / bare
check('entry status ≥ 10% of bare Fastify, p99 ≤ 3 ms', `${ratio(entry)}, p99 ${entry.p99} ms`, share(entry) >= 0.1 && entry.p99 <= 3)
check('finished task by id (100 invoices) ≥ 20% of bare Fastify, p99 ≤ 5 ms', `${ratio(byId)}, p99 ${byId.p99} ms`, share(byId) >= 0.2 && byId.p99 <= 5)
check('unfinished task by id (100 invoices) p99 ≤ 15 ms', `p99 ${byIdUnfinished.p99} ms`, byIdUnfinished.p99 <= 15)
check('/live ≥ 50% of bare Fastify', ratio(live), share(live) >= 0.5)
check('hop: submit 100 → vendor task number stored, added p50 ≤ 10 ms, p99 ≤ 20 ms', `p50 +${added.p50} ms, p99 +${added.p99} ms`, added.p50 <= 10 && added.p99 <= 20)
const accepted = Math.max(...[1, 100, 1000].map((n) => submits[n].rps * n))
check('≥ 20,000 invoices accepted per second (Postgres)', `${accepted.toLocaleString('en')} /s (best of 1/100/1000 per request)`, accepted >= 20_000)
check('end to end: the worker keeps up, lag bounded', `${e2e.finished}/${E2E_TASKS} finished in ${round(e2e.seconds, 1)} s; oldest unfinished ≤ ${e2e.maxAgeMs} ms`, e2e.finished === E2E_TASKS && e2e.maxAgeMs < 10_000)
const intakeRate = intake.rps * 1000
check('automatic 入账 candidate intake ≥ 20,000 invoices/s (Postgres)', `${intakeRate.toLocaleString('en')} /s`, intakeRate >= 20_000)
check(`automatic 入账: a run over ${RUN_CANDIDATES.toLocaleString('en')} waiting candidates stores its last task ≤ 10 s after it starts`, `${runSeconds} s, ${autoRun.counts.submitted ?? 0} submitted`, runSeconds <= 10 && autoRun.counts.submitted === RUN_CANDIDATES)
check('gateway RSS on Postgres: peak ≤ 256 MB, idle ≤ 150 MB', `peak ${rssPg} MB, idle ${rssIdle} MB`, rssPg <= 256 && rssIdle <= 150)
check('gateway RSS on PGlite: peak ≤ 400 MB over the PGlite rows (submits, end to end)', `peak ${rssPglite} MB`, rssPglite <= 400)
const growth = (r: typeof soakPg) => r.waves[r.waves.length - 1].rss - r.waves[0].rss
check(
  'soak: the gateway\'s RSS from the first wave to the last grows ≤ 64 MB (no growth with the data)',
  `Postgres ${soakPg.waves[0].rss} → ${soakPg.waves[SOAK_WAVES - 1].rss} MB, PGlite ${pgliteSoak.waves[0].rss} → ${pgliteSoak.waves[SOAK_WAVES - 1].rss} MB`,
  growth(soakPg) <= 64 && growth(pgliteSoak) <= 64,
)

const cpu = os.cpus()[0]?.model ?? 'unknown'
const pgVersion = (await adminQuery('SHOW server_version')).rows[0].server_version
const machine = `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; PostgreSQL ${pgVersion}; ${os.type()} ${os.release()}`
const targetLines = targets.map((t) => `- ${t.met ? 'met' : '**missed**'}: ${t.target} — ${t.measured}`)
const totalSeconds = Math.round((Date.now() - started) / 1000)
const report = `# Benchmark results

Generated by \`npm run bench\` on ${new Date().toISOString()} in ${totalSeconds} s.
Machine: ${machine}.
Database seeded with ${(SEED_TASKS * 100).toLocaleString('en')} invoices in ${seedSeconds} s. Load by autocannon, 10 connections, ${DURATION} s per row
(submits of 1,000 invoices: 4 connections); every process on this machine, over loopback.

${table.join('\n')}

## Targets
${targetLines.join('\n')}
`
console.log(`\n${report}`)
const file = new URL('./RESULTS.md', import.meta.url)
const MARKER = '<!-- notes: kept by npm run bench -->'
let notes = `${MARKER}\n`
try {
  const previous = readFileSync(file, 'utf8')
  if (previous.includes(MARKER)) notes = previous.slice(previous.indexOf(MARKER))
} catch {}
writeFileSync(file, `${report}\n${notes}`)
await seedDb.end()
await adminQuery('DROP DATABASE IF EXISTS ruzhang_bench WITH (FORCE)')
log('wrote bench/RESULTS.md')
