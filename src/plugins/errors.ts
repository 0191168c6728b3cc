// The one error handler: every 4xx names what is wrong (and the vendor's own answer when it said no); a 5xx
// says only "Internal Server Error" and is logged with its stack, never sent.
import type { FastifyError, FastifyInstance } from 'fastify'
import { isDatabaseUnavailable } from '../db/errors.ts'
import { AppError, type Problem, problemsMessage } from '../errors.ts'

/** `/invoices/3/invoiceNo` → `invoices[3].invoiceNo` */
function fieldName(part: string, instancePath: string, missing?: string): string {
  const path = instancePath
    .split('/')
    .filter(Boolean)
    .map((seg, i) => (/^\d+$/.test(seg) ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
    .join('')
  const full = missing ? (path ? `${path}.${missing}` : missing) : path
  return part === 'body' ? full || 'body' : `${part === 'querystring' ? 'query' : part} ${full}`.trim()
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's rules beyond its schema. They run on a body that failed the schema too, so a 400 lists every
     * problem of the request at once; where both name a field, the rule's wording wins (it says the fix).
     */
    bodyRules?: (body: unknown) => Problem[]
  }
}

type SchemaError = NonNullable<FastifyError['validation']>[number] & { parentSchema?: Record<string, unknown> }

/** A 400 lists at most this many problems (and says how many there are), so a bad body cannot make a huge answer. */
export const MAX_DETAILS = 100

/** A schema problem in words that say the fix: a field's own `x-rule`, else one per keyword. */
function schemaRule(v: SchemaError, field: string): string {
  const params = (v.params ?? {}) as Record<string, unknown>
  if (typeof params.additionalProperty === 'string') return 'is not a known field'
  if (typeof params.missingProperty === 'string') return 'is required'
  if (Array.isArray(params.allowedValues)) return `must be one of ${params.allowedValues.join(', ')}`
  if (typeof v.parentSchema?.['x-rule'] === 'string' && ['pattern', 'minLength', 'maxLength'].includes(v.keyword)) return v.parentSchema['x-rule']
  if (v.keyword === 'maxItems') return `at most ${params.limit} ${field === 'invoices' ? 'invoices per task: split them into several tasks' : 'items'}`
  if (v.keyword === 'minItems') return `must list at least ${params.limit}`
  return v.message ?? 'is invalid'
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const requestId = String(request.id)
    if (err instanceof AppError) {
      return reply.code(err.statusCode).send({ statusCode: err.statusCode, code: err.code, message: err.message, requestId, ...err.extra })
    }
    if (err.validation) {
      const part = err.validationContext ?? 'body'
      const fromSchema: Problem[] = (err.validation as SchemaError[]).map((v) => {
        const params = (v.params ?? {}) as Record<string, unknown>
        const named = [params.missingProperty, params.additionalProperty].find((p): p is string => typeof p === 'string')
        const field = fieldName(part, v.instancePath, named)
        return { field, rule: schemaRule(v, field) }
      })
      // An array over its size limit is reported alone (src/plugins/validation.ts): its items are not looked at.
      const oversized = (err.validation as SchemaError[]).some((v) => v.keyword === 'maxItems')
      const rules = part === 'body' && !oversized ? (request.routeOptions.config.bodyRules?.(request.body) ?? []) : []
      const ruled = new Set(rules.map((p) => p.field))
      // One line per problem: a field's x-rule words several keywords (an empty string fails minLength and pattern).
      const seen = new Set<string>()
      const details = [...fromSchema.filter((p) => !ruled.has(p.field)), ...rules].filter((p) => {
        const key = `${p.field}\n${p.rule}`
        return !seen.has(key) && Boolean(seen.add(key))
      })
      const message = problemsMessage(details, Math.min(details.length, MAX_DETAILS))
      return reply.code(400).send({ statusCode: 400, code: 'VALIDATION_FAILED', message, requestId, details: details.slice(0, MAX_DETAILS) })
    }
    const status = err.statusCode ?? 500
    if (status === 415) {
      const got = request.headers['content-type'] ?? 'none'
      const message = `send the body as JSON with Content-Type: application/json (got ${got})`
      return reply.code(415).send({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message, requestId, details: [{ field: 'header content-type', rule: `must be application/json (got ${got})` }] })
    }
    if (status < 500) {
      // Fastify's own 4xx: malformed JSON, body too large …
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED'
      return reply.code(status).send({ statusCode: status, code, message: err.message, requestId, details: [{ field: 'body', rule: err.message }] })
    }
    if (isDatabaseUnavailable(err)) {
      // Nothing was stored for this request (a 202 is sent only after the commit): it is safe to send again.
      request.log.warn({ err }, 'database unavailable')
      reply.header('retry-after', '5')
      return reply.code(503).send({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'the gateway cannot reach its database right now; nothing was stored, send the request again after Retry-After seconds', requestId })
    }
    request.log.error({ err }, 'request failed')
    return reply.code(500).send({ statusCode: 500, code: 'INTERNAL', message: 'Internal Server Error', requestId })
  })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}`, requestId: String(request.id) })
  })
}
