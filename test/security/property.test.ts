// No request that passes validation gets a 5xx: for every route of the OpenAPI document, fast-check draws values its
// schemas accept (path, query, headers, body) and the gateway must answer them without a server error.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Gateway, startGateway } from '../helpers/gateway.ts'

type Schema = Record<string, any>
type Operation = { parameters?: { name: string; in: string; required?: boolean; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }

let gw: Gateway
let paths: Record<string, Record<string, Operation>>
beforeAll(async () => {
  gw = await startGateway({ logger: false })
  paths = (gw.app.swagger() as { paths: typeof paths }).paths
})
afterAll(() => gw.close())

/**
 * Values a JSON schema (as the document has it) accepts, its own examples among them (they pass the rules beyond the
 * schema, so requests also reach the database and the vendor); arrays and free text kept short so each run stays quick.
 */
function valuesOf(schema: Schema): fc.Arbitrary<unknown> {
  const drawn = drawFrom(schema)
  return Array.isArray(schema.examples) && schema.examples.length ? fc.oneof(fc.constantFrom(...schema.examples), drawn) : drawn
}

function drawFrom(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.anyOf ?? schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map(valuesOf))
  if ('const' in schema) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  switch (schema.type) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 })
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true })
    case 'array':
      return fc.array(valuesOf(schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) })
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, s]) => [k, valuesOf(s)])), { requiredKeys: schema.required ?? [] })
    }
    case 'string':
      return stringsOf(schema)
    default:
      return fc.constant(null)
  }
}

function stringsOf(schema: Schema): fc.Arbitrary<string> {
  // The spellings a format validator may take besides the plain one: a schema that accepts them must not let them
  // reach the database as something it refuses.
  if (schema.format === 'uuid') return fc.oneof(fc.uuid(), fc.uuid().map((u) => u.toUpperCase()), fc.uuid().map((u) => `urn:uuid:${u}`))
  if (schema.format === 'date-time') {
    const iso = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString())
    const edges = fc.tuple(iso, fc.constantFrom('23:59:60', '24:00:00', '00:00:00'), fc.constantFrom('Z', 'z', '+08:00', '-23:59', '+15:59')).map(([d, time, zone]) => `${d.slice(0, 10)}T${time}${zone}`)
    return fc.oneof(iso, edges, fc.constantFrom('2016-12-31T23:59:60Z', '2025-02-30T00:00:00Z', '0000-01-01T00:00:00Z'))
  }
  const length = { minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= length.minLength && s.length <= (schema.maxLength ?? Infinity))
  return fc.string({ ...length, unit: 'grapheme' })
}

const operations = () => Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })))

describe('any request its schemas accept', () => {
  it('covers every route of the document', () => {
    expect(operations().length).toBeGreaterThan(15)
  })

  it('is answered without a 5xx, on every route', async () => {
    const problems: string[] = []
    const tally = new Map<string, number>()
    for (const { path, method, op } of operations()) {
      const params = op.parameters ?? []
      const part = (where: string) => fc.record(Object.fromEntries(params.filter((p) => p.in === where).map((p) => [p.name, valuesOf(p.schema)])), {
        requiredKeys: params.filter((p) => p.in === where && p.required).map((p) => p.name),
      })
      const body = op.requestBody?.content['application/json']?.schema
      await fc.assert(
        fc.asyncProperty(part('path'), part('query'), part('header'), body ? valuesOf(body) : fc.constant(undefined), async (pathValues, query, headers, payload) => {
          const url = path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(String((pathValues as Record<string, unknown>)[name])))
          const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()
          const res = await gw.inject({
            method: method as 'GET',
            url: search ? `${url}?${search}` : url,
            headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
            ...(payload === undefined ? {} : { payload: payload as object }),
          })
          const status = `${Math.floor(res.statusCode / 100)}xx`
          tally.set(status, (tally.get(status) ?? 0) + 1)
          if (res.statusCode >= 500) problems.push(`${method} ${url}${search ? `?${search}` : ''} ${JSON.stringify(payload)} → ${res.statusCode} ${res.body}`)
          return res.statusCode < 500
        }),
        { numRuns: 25, endOnFailure: true },
      ).catch(() => {})
    }
    // The figures docs/SECURITY.md quotes.
    console.log(`property: ${operations().length} routes, ${[...tally].map(([k, n]) => `${k}: ${n}`).join(', ')}`)
    expect(problems).toEqual([])
  })
})
