// What an integrator generates a client from (issue 22): named models referred to by $ref, the webhooks the gateway
// sends, examples that are valid and that the routes accept, and bodiless POSTs that take an empty JSON body.
import { readdirSync, readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OPENAPI_FILE, renderOpenapi } from '../scripts/openapi-generate.ts'
import { TASK_STATUSES } from '../src/recording/statuses.ts'
import { type Gateway, startGateway } from './helpers/gateway.ts'

const SCHEMAS = '#/components/schemas/'
let gw: Gateway
let doc: any
beforeAll(async () => {
  gw = await startGateway({ startWorker: false })
  doc = gw.app.swagger()
})
afterAll(() => gw.close())

type Operation = { path: string; method: string; op: any }
const operations = (): Operation[] =>
  Object.entries(doc.paths).flatMap(([path, methods]: [string, any]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))

describe('the running gateway', () => {
  it('serves the checked-in document at /docs/json, with the Swagger UI at /docs', async () => {
    const json = await gw.inject({ url: '/docs/json' })
    expect(renderOpenapi(json.json())).toBe(readFileSync(OPENAPI_FILE, 'utf8'))
    const ui = await gw.inject({ url: '/docs/' })
    expect(ui.statusCode).toBe(200)
    expect(ui.body).toContain('swagger-ui')
  })
})

describe('named models', () => {
  it('every model an integrator handles is a component', () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'RecordingTask', 'RecordingTaskSummary', 'AcceptedRecordingTask', 'RecordingTaskList', 'TaskInvoice', 'TaskError', 'TaskCounts', 'InvoiceOutcome', 'TaskStatus', 'EntryMarkTarget',
        'ErrorBody', 'FieldProblem', 'VendorAnswer', 'InvoiceState', 'InvoiceList', 'EntryStatus', 'EntrySummary', 'SubmitRequest', 'InvoiceInput',
        'TaxLoginRequest', 'TaxLoginResult', 'TaxNumber', 'TaxNumberList', 'TaxNumberCheck', 'TaxSession', 'WebhookDelivery', 'WebhookDeliveryList',
        'WebhookEvent', 'RecordingTaskEvent', 'TaxNumberSessionLostEvent', 'AutoEntryRunFinishedEvent', 'AutoEntryRule', 'AutoEntryRuleInput',
        'AutoEntryCandidate', 'AutoEntryCandidateInput', 'AutoEntryRun', 'AutoEntryRunSummary', 'AutoEntryRunState',
      ]),
    )
  })

  it('every /v1 request body and JSON response refers to a component, and each error response to ErrorBody', () => {
    for (const { path, method, op } of operations().filter((o) => o.path.startsWith('/v1/'))) {
      const where = `${method.toUpperCase()} ${path}`
      if (op.requestBody) expect(op.requestBody.content['application/json'].schema.$ref, `${where} body`).toMatch(/^#\/components\/schemas\//)
      for (const [code, response] of Object.entries(op.responses) as [string, any][]) {
        const ref = response.content?.['application/json']?.schema?.$ref
        if (code.startsWith('2')) expect(ref, `${where} ${code}`).toMatch(/^#\/components\/schemas\//)
        else expect(ref, `${where} ${code}`).toBe(`${SCHEMAS}ErrorBody`)
      }
    }
  })

  it('each status enum is defined once, as a component every use refers to', () => {
    const enums: { where: string; values: string }[] = []
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return
      for (const [key, value] of Object.entries(node)) {
        if (key === 'enum' && !Array.isArray(node)) enums.push({ where, values: String(value) })
        else walk(value, `${where}/${key}`)
      }
    }
    walk({ paths: doc.paths, components: doc.components, webhooks: doc.webhooks }, '')
    const definedAt = (values: readonly string[]) => enums.filter((e) => e.values === values.join()).map((e) => e.where)
    expect(definedAt(TASK_STATUSES)).toEqual(['/components/schemas/TaskStatus'])
    expect(definedAt(['pending', 'succeeded', 'failed'])).toEqual(['/components/schemas/InvoiceOutcome'])
    expect(definedAt(['02', '03', '06'])).toEqual(['/components/schemas/EntryMarkTarget'])
    expect(definedAt(['pending', 'delivered', 'failed'])).toEqual(['/components/schemas/WebhookDeliveryState'])
    expect(definedAt(['running', 'waiting', 'finished', 'skipped', 'failed'])).toEqual(['/components/schemas/AutoEntryRunState'])
    expect(doc.components.schemas.RecordingTask.properties.status).toEqual({ $ref: `${SCHEMAS}TaskStatus` })
    expect(doc.components.schemas.TaskInvoice.properties.outcome).toEqual({ $ref: `${SCHEMAS}InvoiceOutcome` })
  })

  it('the request validators resolve the components: a bad status in a query and a bad body are refused by name', async () => {
    const query = await gw.inject({ url: '/v1/recording-tasks?status=done' })
    expect(query.statusCode).toBe(400)
    expect(query.json().details[0].field).toMatch(/\bstatus$/)
    const body = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: '914403007451947782', nextEntryMarkStatus: '04', invoices: [] } })
    expect(body.statusCode).toBe(400)
    expect(body.json().details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['nextEntryMarkStatus', 'invoices']))
  })
})

describe('webhooks', () => {
  it('documents every event type the gateway writes, with its body and the Standard Webhooks headers', () => {
    // The types the code writes into the outbox, found in the source as string literals.
    const sources = ['recording', 'auto-entry', 'webhooks', 'tax-numbers'].flatMap((dir) =>
      readdirSync(new URL(`../src/${dir}/`, import.meta.url)).map((f) => readFileSync(new URL(`../src/${dir}/${f}`, import.meta.url), 'utf8')),
    )
    const written = new Set(sources.flatMap((s) => [...s.matchAll(/'((?:recording_task|tax_number|auto_entry)\.[a-z_]+)'/g)].map((m) => m[1])))
    expect([...written].sort()).toEqual(['auto_entry.run_finished', 'recording_task.finished', 'recording_task.stalled', 'recording_task.waiting_tax_login', 'tax_number.session_lost'])
    expect(Object.keys(doc.webhooks).sort()).toEqual([...written].sort())
    for (const [type, item] of Object.entries(doc.webhooks) as [string, any][]) {
      const headers = item.post.parameters.filter((p: any) => p.in === 'header' && p.required).map((p: any) => p.name)
      expect(headers, type).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature'])
      const media = item.post.requestBody.content['application/json']
      const component = doc.components.schemas[media.schema.$ref.slice(SCHEMAS.length)]
      const allowed = component.properties.type.enum ?? [component.properties.type.const]
      expect(allowed, type).toContain(type)
      expect(media.example.type, type).toBe(type)
    }
  })
})

describe('examples', () => {
  let checked = 0
  /** Ajv with the document's components, at the address their $refs name. */
  function validator() {
    const ajv = new Ajv({ strict: false, allErrors: true })
    addFormats.default(ajv)
    ajv.addSchema({ $id: 'openapi.json', components: JSON.parse(JSON.stringify(doc.components).replaceAll(`"${SCHEMAS}`, `"openapi.json${SCHEMAS}`)) })
    return (schema: object, value: unknown, where: string) => {
      checked++
      const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll(`"${SCHEMAS}`, `"openapi.json${SCHEMAS}`)))
      expect(validate(value) ? [] : validate.errors, where).toEqual([])
    }
  }

  it('every example is valid against its schema: components, parameters, request and response bodies, webhooks', () => {
    const check = validator()
    for (const [name, schema] of Object.entries(doc.components.schemas) as [string, any][]) {
      for (const example of schema.examples ?? []) check({ $ref: `${SCHEMAS}${name}` }, example, `component ${name}`)
    }
    const all = [...operations(), ...Object.entries(doc.webhooks).map(([type, item]: [string, any]) => ({ path: type, method: 'post', op: item.post }))]
    for (const { path, method, op } of all) {
      const where = `${method.toUpperCase()} ${path}`
      for (const p of op.parameters ?? []) if (p.example !== undefined) check(p.schema, p.example, `${where} ${p.in} ${p.name}`)
      const body = op.requestBody?.content?.['application/json']
      if (body?.example !== undefined) check(body.schema, body.example, `${where} body`)
      for (const [code, response] of Object.entries(op.responses) as [string, any][]) {
        const media = response.content?.['application/json']
        if (media?.example !== undefined) check(media.schema, media.example, `${where} ${code}`)
      }
    }
    expect(checked).toBeGreaterThan(150)
  })

  it('every operation\'s examples are accepted by its route: sent as documented, none is refused as invalid (400)', async () => {
    const refused: string[] = []
    for (const { path, method, op } of operations()) {
      const params = op.parameters ?? []
      const url = path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params.find((p: any) => p.in === 'path' && p.name === name).example))
      const query = new URLSearchParams(params.filter((p: any) => p.in === 'query' && p.example !== undefined).map((p: any) => [p.name, String(p.example)]))
      const headers = Object.fromEntries(params.filter((p: any) => p.in === 'header' && p.example !== undefined).map((p: any) => [p.name, String(p.example)]))
      const body = op.requestBody?.content['application/json'].example
      const res = await gw.inject({ method: method.toUpperCase() as 'GET', url: `${url}?${query}`, headers, ...(body === undefined ? {} : { payload: body }) })
      // /ready answers 503 while a check fails, which is no fault of the request.
      if (res.statusCode === 400 || res.statusCode === 401 || (res.statusCode >= 500 && path !== '/ready')) refused.push(`${method.toUpperCase()} ${url}?${query} → ${res.statusCode} ${res.body}`)
    }
    expect(refused).toEqual([])
  })
})

describe('a POST that takes no body', () => {
  const bodiless = () => operations().filter(({ method, op }) => method === 'post' && !op.requestBody)

  it('takes an empty body sent with Content-Type: application/json, as many HTTP clients send it', async () => {
    const routes = bodiless()
    expect(routes.map((r) => r.path).sort()).toEqual([
      '/v1/auto-entry/rules/{name}/preview',
      '/v1/auto-entry/rules/{name}/run',
      '/v1/recording-tasks/{id}/cancel',
      '/v1/recording-tasks/{id}/refresh',
      '/v1/recording-tasks/{id}/resume',
      '/v1/recording-tasks/{id}/retry-failed',
      '/v1/tax-numbers/{taxNo}/check',
      '/v1/webhook-deliveries/{id}/redeliver',
    ])
    const refused: string[] = []
    for (const { path, op } of routes) {
      const url = path.replace(/\{(\w+)\}/g, (_, name) => op.parameters.find((p: any) => p.in === 'path' && p.name === name).example)
      for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
        const res = await gw.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload: '' })
        if (res.statusCode === 400 || res.statusCode === 415 || res.statusCode >= 500) refused.push(`${url} (${contentType}) → ${res.statusCode} ${res.body}`)
      }
    }
    expect(refused).toEqual([])
  })

  it('a route that takes a body still refuses an empty one (400 naming the body)', async () => {
    const res = await gw.inject({ method: 'POST', url: '/v1/tax-login', headers: { 'content-type': 'application/json' }, payload: '' })
    expect(res.statusCode).toBe(400)
  })
})
