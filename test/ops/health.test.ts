import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERSION } from '../../src/app.ts'
import { migrationNames } from '../../src/db/migrate.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'

let gw: Gateway
beforeAll(async () => {
  gw = await startGateway()
})
afterAll(() => gw.close())

describe('health', () => {
  it('/live answers with the version and commit, checking nothing else', async () => {
    expect((await gw.app.inject({ url: '/live' })).json()).toEqual({ status: 'ok', version: VERSION, commit: 'unknown' })
  })

  it('/ready checks the database, the migrations and the worker', async () => {
    const ready = await gw.app.inject({ url: '/ready' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: { ok: true }, migrations: { ok: true, detail: `${migrationNames().length} applied` }, worker: { ok: true, detail: 'running' } },
    })
  })

  it('/ready is 503 when a migration is missing, and when the worker has stopped', async () => {
    await gw.db.prisma.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name LIKE '%clients_and_keys'`
    const missing = await gw.app.inject({ url: '/ready' })
    expect(missing.statusCode).toBe(503)
    expect(missing.json().checks.migrations).toEqual({ ok: false, detail: 'not applied: 20261123204143_clients_and_keys' })
    await gw.db.prisma.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = NULL`

    await gw.app.worker.stop()
    const stopped = await gw.app.inject({ url: '/ready' })
    expect(stopped.statusCode).toBe(503)
    expect(stopped.json()).toMatchObject({ status: 'not_ready', checks: { worker: { ok: false, detail: 'not running' } } })
    gw.app.worker.start()
  })
})

describe('metrics', () => {
  it('count requests by route, vendor calls by interface and result, token refreshes and tasks by status', async () => {
    const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 1) } })
    await waitForStatus(gw, res.json().id, ['completed'])
    gw.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'http_error', status: 503 } })
    const second = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 1) } })
    await waitForStatus(gw, second.json().id, ['completed'])
    const text = await gw.app.metrics.registry.metrics()
    expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/v1\/recording-tasks",status_code="202"\} 2/)
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/recording-tasks\/:id",status_code="200"\} \d+/)
    expect(text).toMatch(/piaozone_calls_total\{account="default",interface="invoiceRecorded",result="0000"\} 2/)
    expect(text).toMatch(/piaozone_calls_total\{account="default",interface="invoiceRecorded",result="UPSTREAM_TRANSPORT"\} 1/)
    expect(text).toMatch(/piaozone_call_duration_seconds_count\{account="default",interface="invoiceRecordedQuery"\} \d+/)
    expect(text).toMatch(/gateway_worker_retries_total\{code="UPSTREAM_TRANSPORT"\} 1/)
    expect(text).toMatch(/piaozone_token_refreshes_total\{account="default"\} 1/)
    // Unfinished tasks only, each unfinished status shown even at 0; finished ones are never counted (issue 23).
    expect(text).toMatch(/gateway_tasks\{status="submitted"\} 0/)
    expect(text).toMatch(/gateway_tasks\{status="stalled"\} 0/)
    expect(text).not.toMatch(/gateway_tasks\{status="completed"\}/)
    expect(text).toMatch(/gateway_oldest_unfinished_task_age_seconds 0/)
    expect(text).toMatch(/process_resident_memory_bytes \d+/)
  })
})
