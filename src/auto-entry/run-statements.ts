// The statements of auto-entry's runs (runner.ts carries the runs out with them): claiming a slot or a manual run,
// renewing the claim, ending a run, and finding dead and finished runs. Each is one statement, so the claim of a rule
// and the run it starts, or a run's end and its rule's release, happen together or not at all.
import { sql } from '../db/sql.ts'
import { t } from '../i18n/index.ts'
import { UNFINISHED_SQL } from '../recording/statuses.ts'
import { runFinishedEvents } from '../webhooks/outbox.ts'
import type { AutoEntryRule, AutoEntryRun } from '../generated/prisma/client.ts'

/** A rule as dueRules reads it: enough to tell whether a slot of its schedule is due. */
export type DueRule = Pick<AutoEntryRule, 'clientId' | 'name' | 'schedule' | 'timeZone' | 'lastSlotAt'>
/** What claimSlot answers when it claimed the slot: the run's row, running (this process runs it) or skipped. */
export type ClaimedSlot = Pick<AutoEntryRun, 'id' | 'state'>

export const runStatements = {
  dueRules: sql<DueRule>(`SELECT "clientId", name, schedule, "timeZone", "lastSlotAt" FROM "AutoEntryRule" WHERE enabled`),
  // Runs are rare (one a slot) and the candidates may have grown a lot since autovacuum last looked (or it is off): a
  // sample of at most 30,000 rows keeps the claims' plans an index lookup per key. Without statistics, Postgres
  // planned a claim of 1,000 candidates as a loop over all of the client's: 13 s instead of 40 ms.
  analyze: sql<Record<string, never>>('ANALYZE "AutoEntryCandidate"'),
  // One row per rule and slot, whichever process gets here first; 'skipped' while the rule's last run is alive.
  claimSlot: sql<ClaimedSlot>(`
    WITH prev AS (SELECT "runId", "runUntil" FROM "AutoEntryRule" WHERE "clientId" = $1 AND name = $2 FOR UPDATE),
    rule AS (
      UPDATE "AutoEntryRule" r SET "lastSlotAt" = $3,
        "runId" = CASE WHEN p."runId" IS NULL OR p."runUntil" < now() THEN $4::uuid ELSE p."runId" END,
        "runUntil" = CASE WHEN p."runId" IS NULL OR p."runUntil" < now() THEN now() + $6 * interval '1 millisecond' ELSE p."runUntil" END
      FROM prev p WHERE r."clientId" = $1 AND r.name = $2 AND r.enabled AND r."lastSlotAt" < $3
      RETURNING r."runId" = $4::uuid AS mine)
    INSERT INTO "AutoEntryRun" (id, "clientId", "ruleName", trigger, slot, state, "finishedAt")
    SELECT $4::uuid, $1, $2, $5, $3, CASE WHEN mine THEN 'running' ELSE 'skipped' END, CASE WHEN mine THEN NULL ELSE now() END FROM rule
    RETURNING id::text AS id, state`),
  claimManual: sql<Pick<ClaimedSlot, 'id'>>(`
    WITH rule AS (
      UPDATE "AutoEntryRule" SET "runId" = $3::uuid, "runUntil" = now() + $4 * interval '1 millisecond'
      WHERE "clientId" = $1 AND name = $2 AND ("runId" IS NULL OR "runUntil" < now()) RETURNING name)
    INSERT INTO "AutoEntryRun" (id, "clientId", "ruleName", trigger, state) SELECT $3::uuid, $1, $2, 'manual', 'running' FROM rule
    RETURNING id::text AS id`),
  renew: sql<Record<string, never>>(`
    UPDATE "AutoEntryRule" SET "runUntil" = now() + $4 * interval '1 millisecond'
    WHERE "clientId" = $1 AND name = $2 AND "runId" = $3::uuid AND "runUntil" > now()
    RETURNING name`),
  // The run's selection and submission are over: its tasks work on, and the rule may run again.
  submitted: sql<Record<string, never>>(`
    WITH run AS (UPDATE "AutoEntryRun" SET state = 'waiting', counts = $2::jsonb, "taskIds" = $3::uuid[], "submittedAt" = now() WHERE id = $1::uuid AND state = 'running' RETURNING "clientId", "ruleName")
    UPDATE "AutoEntryRule" r SET "runId" = NULL, "runUntil" = NULL FROM run WHERE r."clientId" = run."clientId" AND r.name = run."ruleName" AND r."runId" = $1::uuid`),
  failed: sql<Record<string, never>>(`
    WITH run AS (UPDATE "AutoEntryRun" SET state = 'failed', error = $2, counts = $3::jsonb, "taskIds" = $4::uuid[], "finishedAt" = now() WHERE id = $1::uuid AND state = 'running' RETURNING "clientId", "ruleName")
    UPDATE "AutoEntryRule" r SET "runId" = NULL, "runUntil" = NULL FROM run WHERE r."clientId" = run."clientId" AND r.name = run."ruleName" AND r."runId" = $1::uuid`),
  // A run whose process stopped: its rule no longer counts it as alive.
  dead: sql<Record<string, never>>(`
    UPDATE "AutoEntryRun" r SET state = 'failed', error = '${t('the gateway process running it stopped before it finished').en}', "finishedAt" = now()
    WHERE r.state = 'running' AND r."startedAt" < now() - $1 * interval '1 millisecond'
      AND NOT EXISTS (SELECT 1 FROM "AutoEntryRule" u WHERE u."clientId" = r."clientId" AND u.name = r."ruleName" AND u."runId" = r.id AND u."runUntil" > now())`),
  // Runs all of whose tasks have finished, finished in the statement that raises their webhook event (once).
  finish: sql<{ finished: number; events: number }>(`
    WITH done AS (
      UPDATE "AutoEntryRun" r SET state = 'finished', "finishedAt" = now()
      WHERE r.state = 'waiting' AND NOT EXISTS (
        SELECT 1 FROM "RecordingTask" t WHERE t.id = ANY (r."taskIds") AND t.status IN (${UNFINISHED_SQL}))
      RETURNING r.*),
    outcomes AS (
      SELECT d.id, count(*) FILTER (WHERE i.outcome = 'succeeded') AS succeeded, count(*) FILTER (WHERE i.outcome = 'failed') AS failed,
             count(*) FILTER (WHERE i.outcome = 'pending') AS pending
      FROM done d LEFT JOIN "TaskInvoice" i ON i."taskId" = ANY (d."taskIds") GROUP BY d.id),
    event AS (${runFinishedEvents('done', 'outcomes')})
    SELECT (SELECT count(*) FROM done)::int AS finished, (SELECT count(*) FROM event)::int AS events`),
}
