// The one error handler: every 4xx names what is wrong (and the vendor's own answer when it said no); a 5xx
// says only "Internal Server Error" and is logged with its stack, never sent.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import { isDatabaseUnavailable } from '../db/errors.ts'
import { AppError, type Problem, problemIn, problemsMessage } from '../errors.ts'
import { isRecord } from '../guards.ts'
import { type Lang, preferredLang, say, type Text, t } from '../i18n/index.ts'

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

type SchemaError = NonNullable<FastifyError['validation']>[number]

/** The schema holding the failed keyword: Ajv's verbose errors carry it (src/plugins/validation.ts); Fastify's type does not name it. */
const parentSchema = (v: SchemaError): Record<string, unknown> => ('parentSchema' in v && isRecord(v.parentSchema) ? v.parentSchema : {})

/** A 400 lists at most this many problems (and says how many there are), so a bad body cannot make a huge answer. */
export const MAX_DETAILS = 100

/** A schema problem in words that say the fix: a field's own `x-rule` (a msgid), else one per keyword. */
function schemaRule(v: SchemaError, field: string): Text {
  const params = v.params ?? {}
  const xRule = parentSchema(v)['x-rule']
  const limit = String(params.limit)
  if (typeof params.additionalProperty === 'string') return t('is not a known field')
  if (typeof params.missingProperty === 'string') return t('is required')
  if (Array.isArray(params.allowedValues)) return t('must be one of {values}', { values: params.allowedValues.join(', ') })
  if (typeof xRule === 'string' && ['pattern', 'minLength', 'maxLength'].includes(v.keyword)) return t(xRule)
  switch (v.keyword) {
    case 'maxItems':
      return field === 'invoices' ? t('at most {limit} invoices per task: split them into several tasks', { limit }) : t('at most {limit} items', { limit })
    case 'minItems':
      return t('must list at least {limit}', { limit })
    case 'type':
      return t('must be {type}', { type: String(params.type) })
    case 'format':
      return t('must be a {format}', { format: String(params.format) })
    case 'minLength':
      return t('must be at least {limit} characters', { limit })
    case 'maxLength':
      return t('must be at most {limit} characters', { limit })
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return t('must be {comparison} {limit}', { comparison: String(params.comparison), limit })
    case 'pattern':
      return t('must match the pattern {pattern}', { pattern: String(params.pattern) })
    case 'const':
      return t('must be {value}', { value: JSON.stringify(params.allowedValue) })
    default:
      return { en: v.message ?? 'is invalid', zh: `不符合规则（${v.keyword}）` }
  }
}

/** The language the request prefers for the words of its answer: Accept-Language's zh or en. */
export const requestLang = (request: FastifyRequest): Lang => preferredLang(request.headers['accept-language'])

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const requestId = String(request.id)
    const lang = requestLang(request)
    if (err instanceof AppError) return reply.code(err.statusCode).send(err.body(lang, requestId))
    if (err.validation) {
      const part = err.validationContext ?? 'body'
      const fromSchema: Problem[] = err.validation.map((v) => {
        const params = v.params ?? {}
        const named = [params.missingProperty, params.additionalProperty].find((p): p is string => typeof p === 'string')
        const field = fieldName(part, v.instancePath, named)
        return { field, rule: schemaRule(v, field) }
      })
      // An array over its size limit is reported alone (src/plugins/validation.ts): its items are not looked at.
      const oversized = err.validation.some((v) => v.keyword === 'maxItems')
      const rules = part === 'body' && !oversized ? (request.routeOptions.config.bodyRules?.(request.body) ?? []) : []
      const ruled = new Set(rules.map((p) => p.field))
      // One line per problem: a field's x-rule words several keywords (an empty string fails minLength and pattern).
      const seen = new Set<string>()
      const details = [...fromSchema.filter((p) => !ruled.has(p.field)), ...rules].filter((p) => {
        const key = `${p.field}\n${p.rule.en}`
        return !seen.has(key) && Boolean(seen.add(key))
      })
      const message = say(problemsMessage(details, Math.min(details.length, MAX_DETAILS)), lang)
      return reply.code(400).send({ statusCode: 400, code: 'VALIDATION_FAILED', message, requestId, details: details.slice(0, MAX_DETAILS).map((p) => problemIn(p, lang)) })
    }
    const status = err.statusCode ?? 500
    if (status === 415) {
      const got = request.headers['content-type'] ?? 'none'
      const message = say(t('send the body as JSON with Content-Type: application/json (got {got})', { got }), lang)
      const rule = say(t('must be application/json (got {got})', { got }), lang)
      return reply.code(415).send({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message, requestId, details: [{ field: 'header content-type', rule }] })
    }
    if (status < 500) {
      // Fastify's own 4xx: malformed JSON, body too large …
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED'
      // Fastify's own words are English; in Chinese they follow ours, and in English they are as Fastify wrote them.
      const zh = status === 413 ? t('the body is too large: {detail}', { detail: err.message }).zh : t('the request cannot be read: {detail}', { detail: err.message }).zh
      const message = lang === 'zh' ? zh : err.message
      return reply.code(status).send({ statusCode: status, code, message, requestId, details: [{ field: 'body', rule: message }] })
    }
    if (isDatabaseUnavailable(err)) {
      // Nothing was stored for this request (a 202 is sent only after the commit): it is safe to send again.
      request.log.warn({ err }, 'database unavailable')
      reply.header('retry-after', '5')
      const message = say(t('the gateway cannot reach its database right now; nothing was stored, send the request again after Retry-After seconds'), lang)
      return reply.code(503).send({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message, requestId })
    }
    request.log.error({ err }, 'request failed')
    return reply.code(500).send({ statusCode: 500, code: 'INTERNAL', message: say(t('Internal Server Error'), lang), requestId })
  })
  app.setNotFoundHandler((request, reply) => {
    const message = say(t('no route {method} {path}', { method: request.method, path: request.url.split('?')[0] }), requestLang(request))
    reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message, requestId: String(request.id) })
  })
}
