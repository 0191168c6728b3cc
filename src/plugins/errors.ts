// The one error handler: every 4xx names what is wrong (and the vendor's own answer when it said no); a 5xx
// says only "Internal Server Error" and is logged with its stack, never sent.
import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError, type Problem } from '../errors.ts'

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

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const requestId = String(request.id)
    if (err instanceof AppError) {
      return reply.code(err.statusCode).send({ statusCode: err.statusCode, code: err.code, message: err.message, requestId, ...err.extra })
    }
    if (err.validation) {
      const details: Problem[] = err.validation.map((v) => {
        const params = v.params as Record<string, unknown>
        const missing = typeof params?.missingProperty === 'string' ? params.missingProperty : undefined
        const extra = typeof params?.additionalProperty === 'string' ? params.additionalProperty : undefined
        const allowed = Array.isArray(params?.allowedValues) ? `must be one of ${params.allowedValues.join(', ')}` : undefined
        return {
          field: fieldName(err.validationContext ?? 'body', v.instancePath, missing ?? extra),
          rule: extra ? 'is not a known field' : missing ? 'is required' : (allowed ?? v.message ?? 'is invalid'),
        }
      })
      return reply.code(400).send({ statusCode: 400, code: 'VALIDATION_FAILED', message: `the request has ${details.length} problem${details.length === 1 ? '' : 's'}`, requestId, details })
    }
    const status = err.statusCode ?? 500
    if (status < 500) {
      // Fastify's own 4xx: malformed JSON, wrong content type, body too large …
      const code = status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED'
      const field = status === 415 ? 'header content-type' : 'body'
      return reply.code(status).send({ statusCode: status, code, message: err.message, requestId, details: [{ field, rule: err.message }] })
    }
    request.log.error({ err }, 'request failed')
    return reply.code(500).send({ statusCode: 500, code: 'INTERNAL', message: 'Internal Server Error', requestId })
  })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}`, requestId: String(request.id) })
  })
}
