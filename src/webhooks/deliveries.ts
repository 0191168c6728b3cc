// The ERP's view of its webhook deliveries: the list, and a redelivery on request.
import { sql, type Sql, sqlPlannedEachTime } from '../db/sql.ts'
import type { Static } from 'typebox'
import { newestFirstCursor, readNewestFirstCursor } from '../cursor.ts'
import type { WebhookDeliveryState } from '../generated/prisma/enums.ts'
import { AppError } from '../errors.ts'
import { DELIVERY_ID_PATTERN, type WebhookEvent } from './schemas.ts'
import { t } from '../i18n/index.ts'
import { type Lang, readBack } from '../i18n/index.ts'

const DELIVERY_ID = new RegExp(DELIVERY_ID_PATTERN)

interface DeliveryRow {
  id: string
  type: string
  taskId: string | null
  taxNo: string | null
  payload: string
  state: WebhookDeliveryState
  attempts: number
  lastAttemptAt: Date | null
  lastStatus: number | null
  lastError: string | null
  nextAttemptAt: Date
  deliveredAt: Date | null
  createdAt: Date
}

const COLUMNS = `id, type, "taskId"::text AS "taskId", "taxNo", payload, state::text AS state, attempts, "lastAttemptAt", "lastStatus", "lastError",
  "nextAttemptAt", "deliveredAt", "createdAt"`
const S = {
  // Every filter optional: planned for its values each time.
  list: sqlPlannedEachTime<DeliveryRow>(`
    SELECT ${COLUMNS} FROM "WebhookDelivery"
    WHERE "clientId" = $1 AND ($2::text IS NULL OR state = $2::"WebhookDeliveryState") AND ($3::uuid IS NULL OR "taskId" = $3::uuid)
      AND ($4::timestamptz IS NULL OR ("createdAt", id) < ($4::timestamptz, $5))
    ORDER BY "createdAt" DESC, id DESC LIMIT $6`),
  // Due now, with a fresh WEBHOOK_RETRY_FOR_MS; only while the client has an endpoint to deliver to.
  redeliver: sql<DeliveryRow>(`
    UPDATE "WebhookDelivery" SET state = 'pending', "nextAttemptAt" = now(), "retryFrom" = now()
    WHERE id = $1 AND "clientId" = $2 AND EXISTS (SELECT 1 FROM "WebhookEndpoint" WHERE "clientId" = $2)
    RETURNING ${COLUMNS}`),
  exists: sql<Record<string, never>>('SELECT 1 AS one FROM "WebhookDelivery" WHERE id = $1 AND "clientId" = $2'),
}

export interface DeliveryFilter {
  state?: DeliveryRow['state']
  taskId?: string
  limit?: number
  cursor?: string
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** A delivery as an answer shows it: its lastError (stored in English) in the reader's language. */
export const deliveryIn = <D extends { lastError: string | null }>(d: D, lang: Lang): D => ({ ...d, lastError: readBack(d.lastError, lang) })

function view(row: DeliveryRow) {
  return {
    id: row.id,
    type: row.type,
    taskId: row.taskId,
    taxNo: row.taxNo,
    state: row.state,
    attempts: row.attempts,
    lastAttemptAt: iso(row.lastAttemptAt),
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    nextAttemptAt: row.state === 'pending' ? iso(row.nextAttemptAt) : null,
    deliveredAt: iso(row.deliveredAt),
    createdAt: row.createdAt.toISOString(),
    // Kept as an assertion: the payload is the JSON the outbox's own statements wrote for these event types
    // (src/webhooks/outbox.ts). Checking it again on every read would need the components' $refs resolved, and would
    // turn a row written by an older version into a 500 instead of showing it.
    event: JSON.parse(row.payload) as Static<typeof WebhookEvent>,
  }
}

export class WebhookDeliveries {
  constructor(private readonly sql: Sql) {}

  /** The client's deliveries, newest first, a page at a time. */
  async list(clientId: string, filter: DeliveryFilter) {
    const limit = filter.limit ?? 50
    const after = filter.cursor ? readNewestFirstCursor(filter.cursor, DELIVERY_ID) : undefined
    const rows = await this.sql.query(S.list, [clientId, filter.state ?? null, filter.taskId ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1])
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      items: page.map(view),
      nextCursor: rows.length > limit && last ? newestFirstCursor(last) : null,
    }
  }

  /** Sends a delivery again (delivered or given up alike), with the same webhook-id, as soon as a deliverer is free. */
  async redeliver(clientId: string, id: string) {
    const [row] = await this.sql.query(S.redeliver, [id, clientId])
    if (row) return view(row)
    if ((await this.sql.query(S.exists, [id, clientId])).length === 0) throw new AppError(404, 'DELIVERY_NOT_FOUND', t('no webhook delivery {id}', { id }))
    throw new AppError(409, 'NO_WEBHOOK_ENDPOINT', t('no webhook endpoint is set for this client; an operator sets one with `npm run cli -- webhooks set <client> <url>`'))
  }
}
