// Cross-cutting protection: security headers (helmet; Swagger UI's looser CSP only under /docs), CORS closed
// unless origins are configured, and a per-client rate limit.
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.ts'

export interface SecurityOptions {
  rateLimitMax: number
  rateLimitWindowMs: number
  corsOrigins: string[]
  /** AUTH_CACHE_MS: see ClientService. */
  authCacheMs?: number
}

// The API serves only JSON: nothing may be loaded or framed from it.
const API_CSP = { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }
// Swagger UI's page loads its own scripts and styles, and inline styles and data: images.
export const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  await app.register(helmet, { contentSecurityPolicy: API_CSP, global: true })
  app.addHook('onSend', async (request, reply) => {
    if (request.url === '/docs' || request.url.startsWith('/docs/')) reply.header('content-security-policy', DOCS_CSP)
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
      new AppError(429, 'RATE_LIMITED', `rate limit of ${context.max} requests per window exceeded; retry after ${context.after}`),
  })
}

/** The rate limit as a hook for a scope whose requests are authenticated already. */
export function limitByClient(scope: FastifyInstance): void {
  scope.addHook('onRequest', scope.rateLimit())
}
