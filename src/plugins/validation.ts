// Request validation. Fastify's default Ajv silently drops unknown properties and coerces types; for bodies and
// headers that would store what the ERP did not mean, so they are validated strictly. Query strings and path
// parameters are text on the wire and keep type coercion ("?limit=20" is a number).
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'
import { components } from '../components.ts'
import { isRecord } from '../guards.ts'

/** A UUID as Postgres reads one: ajv-formats' `uuid` also takes `urn:uuid:…`, which the database refuses (a 500). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):(\d{2}))$/

/**
 * An RFC 3339 date-time that is a real instant: ajv-formats' `date-time` takes a leap second (23:59:60) and Postgres
 * does not; JavaScript takes 30 February and rolls it into March. Offsets up to ±15:59, as Postgres reads them.
 */
export function isInstant(s: string): boolean {
  const m = INSTANT.exec(s)
  if (!m) return false
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number)
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  const offsetOk = m[7] === undefined || (Number(m[7]) <= 15 && Number(m[8]) <= 59)
  return year >= 1 && days !== undefined && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59 && offsetOk
}

function makeAjv(coerceTypes: boolean, shared: Record<string, unknown>[]) {
  // verbose: an error carries its schema, whose `x-rule` (where a field has one) words the problem for a person.
  const ajv = new Ajv({ allErrors: true, coerceTypes, removeAdditional: false, useDefaults: true, strict: false, verbose: true })
  addFormats.default(ajv)
  ajv.addFormat('uuid', UUID)
  ajv.addFormat('date-time', { type: 'string', validate: isInstant })
  // The named components (src/components.ts), which route schemas refer to by $ref.
  for (const schema of shared) ajv.addSchema(schema)
  return ajv
}

type Shared = Record<string, Record<string, unknown>>

/** Where a schema puts an upper bound on an array, outside other arrays (e.g. a submit's `invoices`); a `$ref` to a named component is followed. */
function arrayLimits(schema: unknown, shared: Shared, path: string[] = []): { path: string[]; max: number }[] {
  if (!isRecord(schema)) return []
  if (typeof schema.$ref === 'string' && shared[schema.$ref]) return arrayLimits(shared[schema.$ref], shared, path)
  if (schema.type === 'array' && typeof schema.maxItems === 'number') return [{ path, max: schema.maxItems }]
  const properties = isRecord(schema.properties) ? schema.properties : {}
  return Object.entries(properties).flatMap(([name, sub]) => arrayLimits(sub, shared, [...path, name]))
}

/**
 * The schema's validator, with its array sizes checked first: an array over its limit is the only problem reported,
 * so a body of 20,000 invalid items costs a length check, not 20,000 items' errors (Ajv reports them all).
 */
function sizesFirst(schema: unknown, shared: Shared, validate: ValidateFunction): ReturnType<FastifySchemaCompiler<unknown>> {
  const limits = arrayLimits(schema, shared)
  if (!limits.length) return validate
  const errors: FastifySchemaValidationError[] = []
  const check = Object.assign((data: unknown) => {
    const over = limits.filter(({ path, max }) => {
      const value = path.reduce<unknown>((v, key) => (isRecord(v) ? v[key] : undefined), data)
      return Array.isArray(value) && value.length > max
    })
    check.errors = over.map(({ path, max }) => ({ instancePath: `/${path.join('/')}`, schemaPath: '', keyword: 'maxItems', params: { limit: max }, message: `must NOT have more than ${max} items` }))
    if (over.length) return false
    const valid = validate(data)
    check.errors = validate.errors ?? []
    return valid
  }, { errors })
  return check
}

export function registerValidation(app: FastifyInstance): void {
  // Bodies are JSON. Without this, a text/plain body would be parsed as a string and refused as "must be object"
  // instead of 415 saying to send JSON.
  app.removeContentTypeParser('text/plain')
  // The named components: Fastify's shared schemas (registerComponents), known to these Ajv instances too.
  const shared: Shared = components()
  const strict = makeAjv(false, Object.values(shared))
  const coercing = makeAjv(true, Object.values(shared))
  app.setValidatorCompiler(({ schema, httpPart }) =>
    sizesFirst(schema, shared, (httpPart === 'querystring' || httpPart === 'params' ? coercing : strict).compile(schema)),
  )
}
