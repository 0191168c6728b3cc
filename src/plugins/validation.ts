// Request validation. Fastify's default Ajv silently drops unknown properties and coerces types; for bodies and
// headers that would store what the ERP did not mean, so they are validated strictly. Query strings and path
// parameters are text on the wire and keep type coercion ("?limit=20" is a number).
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

function makeAjv(coerceTypes: boolean) {
  // verbose: an error carries its schema, whose `x-rule` (where a field has one) words the problem for a person.
  const ajv = new Ajv({ allErrors: true, coerceTypes, removeAdditional: false, useDefaults: true, strict: false, verbose: true })
  addFormats.default(ajv)
  return ajv
}

export function registerValidation(app: FastifyInstance): void {
  // Bodies are JSON. Without this, a text/plain body would be parsed as a string and refused as "must be object"
  // instead of 415 saying to send JSON.
  app.removeContentTypeParser('text/plain')
  const strict = makeAjv(false)
  const coercing = makeAjv(true)
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'querystring' || httpPart === 'params' ? coercing : strict).compile(schema),
  )
}
