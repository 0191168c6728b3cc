// `npm run openapi:generate`: writes openapi/openapi.json from the route schemas, with no database and no piaozone.
// test/openapi.test.ts fails when the checked-in file differs from what the routes say.
import { mkdirSync, writeFileSync } from 'node:fs'
import { buildApp } from '../src/app.ts'
import { unreachableDatabase } from '../src/db/open.ts'
import { DEFAULT_TAX_LOGIN_PATTERN, type PiaozoneConfig } from '../src/piaozone/client.ts'
import { FAST_WEBHOOKS, FAST_WORKER, TEST_SECURITY } from '../test/helpers/gateway.ts'

export const OPENAPI_FILE = new URL('../openapi/openapi.json', import.meta.url)

export function renderOpenapi(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`
}

/**
 * The document the routes describe, from an app built on a database it never reaches and a piaozone it never calls:
 * reading the routes and schemas needs neither.
 */
export async function buildDocument(): Promise<unknown> {
  const db = unreachableDatabase()
  const app = await buildApp({ ...db, piaozone: OFFLINE_VENDOR, batchSize: 100, worker: FAST_WORKER, webhooks: FAST_WEBHOOKS, startWorker: false, security: TEST_SECURITY }, { logger: false })
  await app.ready()
  const document = app.swagger()
  await app.close()
  return document
}

/** A piaozone nobody calls: .invalid never resolves (RFC 6761). */
const OFFLINE_VENDOR: PiaozoneConfig = {
  baseUrl: 'https://piaozone.invalid/tenant',
  appId: 'offline',
  appSecret: 'offline',
  accountId: 'offline',
  user: 'offline',
  userType: 'UserName',
  businessSystemCode: 'offline',
  dataCodec: 'base64',
  tokenRefreshMarginMs: 0,
  tokenErrorCodes: [],
  taxLoginErrorCodes: [],
  taxLoginPattern: new RegExp(DEFAULT_TAX_LOGIN_PATTERN),
  connectTimeoutMs: 1000,
  responseTimeoutMs: 1000,
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(new URL('../openapi/', import.meta.url), { recursive: true })
  writeFileSync(OPENAPI_FILE, renderOpenapi(await buildDocument()))
  console.log('wrote openapi/openapi.json')
}
