// Which errors mean "the database cannot be reached right now" (a restart, a failover, a killed connection, a
// full pool): a request then gets 503 with Retry-After instead of 500, and the start waits and tries again.

// Postgres SQLSTATEs: class 08 (connection exception), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect
// now, e.g. pg_terminate_backend or a restart), 53300 (too many connections).
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/
// Prisma's codes for the same: cannot reach, timed out, connection closed, pool timeout.
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])
const UNAVAILABLE_KINDS = new Set(['ConnectionClosed', 'DatabaseNotReachable', 'TooManyConnections', 'SocketTimeout'])
// … and pg's own words when a pooled connection died under a query (pg_terminate_backend, a server restart).
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error and is not queryable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|connection (is )?closed|Can't reach database server|terminating connection/i

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: any = err, depth = 0; e && depth < 5; e = e.cause ?? e.meta?.driverAdapterError, depth++) {
    if (typeof e.code === 'string' && (UNAVAILABLE_STATES.test(e.code) || UNAVAILABLE_PRISMA.has(e.code) || ['ECONNREFUSED', 'ECONNRESET'].includes(e.code))) return true
    if (typeof e.originalCode === 'string' && UNAVAILABLE_STATES.test(e.originalCode)) return true
    if (typeof e.kind === 'string' && UNAVAILABLE_KINDS.has(e.kind)) return true
    if (e.name === 'PrismaClientInitializationError') return true
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true
  }
  return false
}
