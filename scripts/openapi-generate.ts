// `npm run openapi:generate`: writes openapi/openapi.json from the route schemas. test/openapi.test.ts fails
// when the checked-in file differs from what the routes say.
import { mkdirSync, writeFileSync } from 'node:fs'
import { buildApp } from '../src/app.ts'
import { openDatabase } from '../src/db/open.ts'
import { FAST_WEBHOOKS, FAST_WORKER, TEST_SECURITY } from '../test/helpers/gateway.ts'
import { clientConfigFor, startSandbox } from '../src/sandbox/start.ts'

export const OPENAPI_FILE = new URL('../openapi/openapi.json', import.meta.url)

export function renderOpenapi(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const db = await openDatabase('pglite:memory')
  const sandbox = await startSandbox()
  const app = await buildApp({ prisma: db.prisma, sql: db.sql, piaozone: clientConfigFor(sandbox), batchSize: 100, worker: FAST_WORKER, webhooks: FAST_WEBHOOKS, startWorker: false, security: TEST_SECURITY }, { logger: false })
  await app.ready()
  mkdirSync(new URL('../openapi/', import.meta.url), { recursive: true })
  writeFileSync(OPENAPI_FILE, renderOpenapi(app.swagger()))
  await app.close()
  await sandbox.close()
  await db.close()
  console.log('wrote openapi/openapi.json')
}
