// The outbox: an event an ERP is told of is a WebhookDelivery row written by the same statement as the change it
// tells of, so a committed change always has its event and a rolled-back one has none. These are those statements'
// parts, with the payloads the OpenAPI document's `webhooks` describes; src/webhooks/deliverer.ts sends the rows.
import { RUN_FINISHED_EVENT, SESSION_LOST_EVENT, taskEventTypeSql } from './events.ts'

/** An ISO 8601 UTC timestamp with milliseconds, as the API writes them, of a timestamptz expression. */
export const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** A new delivery id (msg_ and 32 hex digits): the Standard Webhooks webhook-id. */
export const NEW_DELIVERY_ID = `'msg_' || replace(gen_random_uuid()::text, '-', '')`

/** A task's invoices counted by outcome, as a JSON object. */
const invoiceCounts = (taskId: string) => `SELECT jsonb_build_object('pending', count(*) FILTER (WHERE i.outcome = 'pending'),
  'succeeded', count(*) FILTER (WHERE i.outcome = 'succeeded'), 'failed', count(*) FILTER (WHERE i.outcome = 'failed'))
  FROM "TaskInvoice" i WHERE i."taskId" = ${taskId}`

/**
 * The events of the tasks in `task` (a CTE of changed task rows with their `prevStatus`) that entered a status an
 * ERP is told of, one for the client's endpoint if it has one. Returns the ids written.
 */
export const taskEvents = (task: string) => `
      INSERT INTO "WebhookDelivery" (id, "clientId", type, "taskId", "taxNo", payload)
      SELECT e.id, t."clientId", e.type, t.id, t."taxNo", jsonb_build_object('type', e.type, 'timestamp', ${isoSql('now()')}, 'data', jsonb_build_object(
               'id', t.id, 'reference', t.reference, 'taxNo', t."taxNo", 'nextEntryMarkStatus', t."nextEntryMarkStatus", 'status', t.status,
               'invoiceCount', t."invoiceCount", 'counts', (${invoiceCounts('t.id')}), 'error', t.error,
               'createdAt', ${isoSql('t."createdAt"')}, 'finishedAt', ${isoSql('t."finishedAt"')}, 'href', '/v1/recording-tasks/' || t.id))::text
      FROM ${task} t JOIN "WebhookEndpoint" w ON w."clientId" = t."clientId"
      CROSS JOIN LATERAL (SELECT ${NEW_DELIVERY_ID} AS id, ${taskEventTypeSql('t.status')} AS type) e
      WHERE e.type IS NOT NULL AND t.status IS DISTINCT FROM t."prevStatus"
      RETURNING id`

/**
 * tax_number.session_lost for the sessions in `lost` (a CTE of TaxSession rows that were ok and are not any more), to
 * every client with an endpoint that may use the tax number: its list names it, or it may use any and has used it.
 * `account`: the SQL naming the piaozone account that serves it. Returns the ids written.
 */
export const sessionLostEvents = (lost: string, account: string) => `
      INSERT INTO "WebhookDelivery" (id, "clientId", type, "taxNo", payload)
      SELECT ${NEW_DELIVERY_ID}, w."clientId", '${SESSION_LOST_EVENT}', l."taxNo",
             jsonb_build_object('type', '${SESSION_LOST_EVENT}', 'timestamp', ${isoSql('now()')}, 'data', jsonb_build_object(
               'taxNo', l."taxNo", 'account', ${account}, 'state', l.state, 'loginWebUrl', l."loginWebUrl", 'vendorCode', l."vendorCode",
               'vendorMessage', l."vendorMessage", 'checkedAt', ${isoSql('l."checkedAt"')}, 'href', '/v1/tax-numbers'))::text
      FROM ${lost} l CROSS JOIN "WebhookEndpoint" w JOIN "Client" c ON c.id::text = w."clientId"
      WHERE c."revokedAt" IS NULL AND (l."taxNo" = ANY (c."taxNos")
        OR (c."anyTaxNo" AND EXISTS (SELECT 1 FROM "RecordingTask" t WHERE t."clientId" = w."clientId" AND t."taxNo" = l."taxNo")))
      RETURNING id`

/**
 * auto_entry.run_finished for the runs in `done` (a CTE of AutoEntryRun rows just finished), with the outcomes of
 * their tasks from `outcomes` (id, succeeded, failed, pending), to the client's endpoint. Returns the ids written.
 */
export const runFinishedEvents = (done: string, outcomes: string) => `
      INSERT INTO "WebhookDelivery" (id, "clientId", type, payload)
      SELECT ${NEW_DELIVERY_ID}, d."clientId", '${RUN_FINISHED_EVENT}',
             jsonb_build_object('type', '${RUN_FINISHED_EVENT}', 'timestamp', ${isoSql('now()')}, 'data', jsonb_build_object(
               'id', d.id, 'rule', d."ruleName", 'trigger', d.trigger, 'slot', ${isoSql('d.slot')},
               'counts', d.counts, 'tasks', cardinality(d."taskIds"),
               'outcomes', jsonb_build_object('succeeded', o.succeeded, 'failed', o.failed, 'pending', o.pending),
               'href', '/v1/auto-entry/runs/' || d.id))::text
      FROM ${done} d JOIN ${outcomes} o ON o.id = d.id JOIN "WebhookEndpoint" w ON w."clientId" = d."clientId"
      RETURNING id`
