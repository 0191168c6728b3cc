// Cross-cutting protection: security headers (Swagger UI's looser CSP only under /docs), CORS closed unless
// origins are configured, a per-address rate limit before authentication and a per-client one after it.
import cors from '@fastify/cors'
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.ts'
import { t } from '../i18n/index.ts'

export interface SecurityOptions {
  rateLimitMax: number
  /** RATE_LIMIT_IP_MAX: requests per address and window, counted before authentication. */
  rateLimitIpMax: number
  rateLimitWindowMs: number
  corsOrigins: string[]
  /** AUTH_CACHE_MS: see ClientService. */
  authCacheMs?: number
}

// Swagger UI's page loads its own scripts and styles, and inline styles and data: images.
export const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

/**
 * The headers helmet's defaults set, with a CSP for an API that serves only JSON (nothing may be loaded or
 * framed from it). Computed once and set by one hook: helmet built them per request, a third of /live's cost.
 */
export const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
}
const DOCS_HEADERS = { ...SECURITY_HEADERS, 'content-security-policy': DOCS_CSP }

export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  // onRequest, so that every answer has them, errors and 404s included.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url === '/docs' || request.url.startsWith('/docs/') ? DOCS_HEADERS : SECURITY_HEADERS)
    done()
  })
  if (options.corsOrigins.length) {
    await app.register(cors, { origin: options.corsOrigins, allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'], exposedHeaders: ['location', 'x-request-id', 'idempotent-replayed', 'retry-after'] })
  }
  await app.register(rateLimit, {
    global: false, // hooked onto the /v1 scope after authentication (limitByClient), so the key is the client
    max: options.rateLimitMax,
    timeWindow: options.rateLimitWindowMs,
    keyGenerator: (request) => `client:${request.client?.clientId}`,
    // Thrown into the one error handler, so a 429 has the same body shape as every other error.
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'RATE_LIMITED', t('rate limit of {max} requests per window exceeded; retry after {after}', { max: context.max, after: context.after })),
  })
  limitByAddress(app, options)
}

/**
 * Every request but /live counts against its address before anything else runs, so a flood of made-up API keys
 * is refused without a database lookup each. /live is left out: it touches nothing, and a liveness probe answered
 * 429 would get a healthy process restarted. createRateLimit, not rateLimit(): a rateLimit() hook marks the request
 * as limited, and the per-client limit after authentication would then be skipped.
 */
function limitByAddress(app: FastifyInstance, options: SecurityOptions): void {
  // The plugin's own address key: IPv4 as is, IPv6 per /56, so one site cannot rotate through its addresses.
  const check = app.createRateLimit({ max: options.rateLimitIpMax, keyGenerator: (request) => `ip:${normalizeIP(request.ip)}` })
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.url === '/live') return done()
    check(request).then((limit) => {
      if (limit.isAllowed || !limit.isExceeded) return done()
      reply.header('retry-after', limit.ttlInSeconds)
      done(new AppError(429, 'RATE_LIMITED', t('rate limit of {max} requests per window from one address exceeded; retry after {seconds} s', { max: limit.max, seconds: limit.ttlInSeconds })))
    }, done)
  })
}

/** The rate limit as a hook for a scope whose requests are authenticated already. */
export function limitByClient(scope: FastifyInstance): void {
  scope.addHook('onRequest', scope.rateLimit())
}
