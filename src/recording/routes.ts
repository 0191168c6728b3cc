// The /v1 routes: thin, each with a full schema; the work is in RecordingService.
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type TSchema, Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  AcceptedTask, EntryStatus, EntrySummary, EntrySummaryQuery, InvoiceList, InvoiceQuery, EntryStatusParams, EntryStatusQuery, ListQuery, SubmitBody, Task, TaskList, TaskParams,
} from './schemas.ts'
import { bearerAuth, v1Errors } from '../http/schemas.ts'
import type { Caller } from '../tax-numbers/access.ts'
import { RecordingService } from './service.ts'
import { validateSubmission } from './validate.ts'
import { problemIn } from '../errors.ts'
import { requestLang } from '../plugins/errors.ts'
import { fromEnglish, messageIn } from '../i18n/index.ts'
import { isFinished } from './statuses.ts'
import type { FinishedTaskViews } from './view-cache.ts'
import type { Worker } from './worker.ts'

const JSON_TYPE = 'application/json; charset=utf-8'
/** CSV when asked for by `format=csv`, or by `Accept: text/csv` when the query does not say. */
const wantsCsv = (request: FastifyRequest, format: 'json' | 'csv' | undefined) => format === 'csv' || (format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''))
/** A 200 that is JSON, or the same as a CSV file for Excel. */
const jsonOrCsv = (description: string, json: TSchema, csv: { description: string; example: string }) => ({
  description,
  content: { 'application/json': { schema: json }, 'text/csv': { schema: Type.String({ description: csv.description, examples: [csv.example] }) } },
})
/** Sends a CSV file (a string, or a stream of lines) as an attachment named `filename`. */
const sendCsv = (reply: FastifyReply, filename: string, body: string | Readable) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(body)
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$', 'x-rule': 'must be 1–200 printable ASCII characters, no spaces', description: 'Makes the submit safe to repeat: same key and body → the same task', examples: ['AP-2025-0042'] })),
})

export interface RecordingRoutesDeps {
  service: RecordingService
  /** Always present (refresh uses it); its loop runs only when WORKER_ENABLED. */
  worker: Worker
  /** Finished tasks' serialized views (GET by id). */
  views: FinishedTaskViews
  /** Who is calling; replaced by API-key authentication. */
  caller: (request: FastifyRequest) => Caller
}

export async function recordingRoutes(root: FastifyInstance, deps: RecordingRoutesDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { service } = deps

  /** A task as the request's reader sees it: its error's words in their language. */
  const inLang = <T extends { error: unknown }>(request: FastifyRequest, task: T): T => ({ ...task, error: messageIn(task.error, requestLang(request)) })

  /** 202 for a stored task; one stored leased to this process's worker goes to it at once. */
  function accepted(request: FastifyRequest, reply: FastifyReply, { task, replayed, warnings, handedOff }: Awaited<ReturnType<RecordingService['submit']>>) {
    if (handedOff) deps.worker.take(handedOff)
    else deps.worker.wake()
    reply.header('location', `/v1/recording-tasks/${task.id}`)
    if (replayed) reply.header('idempotent-replayed', 'true')
    const lang = requestLang(request)
    return reply.code(202).send({ ...task, replayed, ...(warnings.length ? { warnings: warnings.map((w) => problemIn(w, lang)) } : {}) })
  }

  app.post(
    '/v1/recording-tasks',
    {
      schema: {
        tags: ['recording'],
        security: bearerAuth,
        operationId: 'submitRecordingTask',
        summary: 'Submit invoices to be marked 入账',
        description: 'Answers 202 once the task is durably stored; the worker then submits it to piaozone and polls the outcome.',
        headers: IdempotencyHeaders,
        body: SubmitBody,
        response: { 202: AcceptedTask, ...v1Errors(400, 403, 409, 413, 415, 422) },
      },
      config: { bodyRules: (body) => validateSubmission(body) },
    },
    async (request, reply) => {
      const submitted = await service.submit(request.body, deps.caller(request), { idempotencyKey: request.headers['idempotency-key'], handoff: deps.worker.handoffLease() })
      return accepted(request, reply, submitted)
    },
  )

  app.get(
    '/v1/recording-tasks/:id',
    { schema: { tags: ['recording'], security: bearerAuth, operationId: 'getRecordingTask', summary: 'A task with every invoice and its outcome',
        description: 'Poll it after a submit (the Location header) until status is final: completed, partially_failed, failed or cancelled; each invoice has its outcome and, when it failed, the vendor\'s failReason. 404 for a task of another client.', params: TaskParams, response: { 200: Task, ...v1Errors(400, 404) } } },
    async (request, reply) => {
      const caller = deps.caller(request)
      const lang = requestLang(request)
      const cached = deps.views.get(request.params.id, caller.clientId, lang)
      // Sent as already-serialized JSON (the untyped reply: the typed one expects the object).
      if (cached) return (reply as FastifyReply).type(JSON_TYPE).send(cached)
      const ticket = deps.views.ticket()
      const { status, body } = await service.getJson(request.params.id, caller, (task) => reply.serialize(task) as string, lang)
      if (isFinished(status)) deps.views.set(request.params.id, caller.clientId, lang, body, ticket)
      return (reply as FastifyReply).type(JSON_TYPE).send(body)
    },
  )

  app.get(
    '/v1/recording-tasks',
    { schema: { tags: ['recording'], security: bearerAuth, operationId: 'listRecordingTasks', summary: 'List tasks, newest first',
        description: 'Your tasks without their invoices, filtered by tax number, status, reference (your document number) and creation time; page with cursor (the nextCursor of the previous page).', querystring: ListQuery, response: { 200: TaskList, ...v1Errors(400, 403) } } },
    async (request) => {
      const page = await service.list(request.query, deps.caller(request))
      const lang = requestLang(request)
      return { ...page, items: page.items.map((task) => ({ ...task, error: messageIn(task.error, lang) })) }
    },
  )

  app.post(
    '/v1/recording-tasks/:id/refresh',
    {
      schema: {
        tags: ['recording'],
        security: bearerAuth,
        operationId: 'refreshRecordingTask',
        summary: 'Ask piaozone now instead of waiting for the worker',
        description: 'Advances the task one step (submit or poll) now, then returns it. A step of the task already running is joined, never repeated; when another gateway process is working on the task, it is returned as it stands.',
        params: TaskParams,
        response: { 200: Task, ...v1Errors(400, 404) },
      },
    },
    async (request) => {
      const caller = deps.caller(request)
      await service.get(request.params.id, caller) // 404 for a task that is not the caller's
      await deps.worker.runNow(request.params.id)
      return inLang(request, await service.get(request.params.id, caller))
    },
  )

  app.post(
    '/v1/recording-tasks/:id/resume',
    {
      schema: {
        tags: ['recording'],
        security: bearerAuth,
        operationId: 'resumeRecordingTask',
        summary: 'Put a stalled task back to work',
        description: 'A task that made no progress for WORKER_STALL_AFTER_MS is `stalled`; this makes it due now. 409 for a task that is not stalled.',
        params: TaskParams,
        response: { 200: Task, ...v1Errors(400, 404, 409) },
      },
    },
    async (request) => {
      const task = await service.resume(request.params.id, deps.caller(request))
      deps.worker.wake()
      return inLang(request, task)
    },
  )

  app.post(
    '/v1/recording-tasks/:id/cancel',
    {
      schema: {
        tags: ['recording'],
        security: bearerAuth,
        operationId: 'cancelRecordingTask',
        summary: 'Cancel a task before anything of it was sent to piaozone',
        description: 'Only while none of its batches has left for the vendor: then `cancelled`, and no worker ever sends it. Otherwise 409 saying why.',
        params: TaskParams,
        response: { 200: Task, ...v1Errors(400, 404, 409) },
      },
    },
    async (request) => inLang(request, await service.cancel(request.params.id, deps.caller(request))),
  )

  app.post(
    '/v1/recording-tasks/:id/retry-failed',
    {
      schema: {
        tags: ['recording'],
        security: bearerAuth,
        operationId: 'retryFailedInvoices',
        summary: 'Submit the failed invoices of a finished task again, as a new task',
        description: 'Same tax number, target status and reference; the new task has retryOf, the old one lists it in retries. 409 while the task is unfinished or when nothing failed.',
        params: TaskParams,
        response: { 202: AcceptedTask, ...v1Errors(400, 404, 409) },
      },
    },
    async (request, reply) => accepted(request, reply, await service.retryFailed(request.params.id, deps.caller(request), deps.worker.handoffLease())),
  )

  app.get(
    '/v1/invoices',
    {
      schema: {
        tags: ['invoices'],
        security: bearerAuth,
        operationId: 'searchInvoices',
        summary: 'Your invoices in their latest known state, filtered',
        description:
          'One row per invoice you have sent (per tax number, invoice number and code), as its latest task left it, with the latest 入账状态 the vendor reported. Ordered by tax number and invoice number; page with cursor.',
        querystring: InvoiceQuery,
        response: {
          200: jsonOrCsv('A page of invoices (JSON), or every matching invoice as a CSV file for Excel (format=csv or Accept: text/csv)', InvoiceList, {
            description:
              'UTF-8 with a BOM, a header row, one row per invoice with the JSON item\'s fields, streamed. Codes (taxNo, invoiceNo, invoiceCode, entryMarkStatus, recordedTime, recordedPeriod, nextEntryMarkStatus) are written ="…" so Excel and WPS keep them as text.',
            example: '\uFEFFtaxNo,invoiceNo,invoiceCode,outcome,entryMarkStatus,…\r\n="914403007451947782",="04512345",="4403191130",succeeded,="02",…\r\n',
          }),
          ...v1Errors(400, 403),
        },
      },
    },
    async (request, reply) => {
      const caller = deps.caller(request)
      if (!wantsCsv(request, request.query.format)) return (reply as FastifyReply).type(JSON_TYPE).send(await service.invoices(request.query, caller))
      const { filename, lines } = service.invoicesCsv(request.query, caller, request.query.lang ?? requestLang(request))
      return sendCsv(reply as FastifyReply, filename, Readable.from(lines))
    },
  )

  app.get(
    '/v1/reports/entry-summary',
    {
      schema: {
        tags: ['invoices'],
        security: bearerAuth,
        operationId: 'getEntrySummary',
        summary: 'Month-end summary of a tax number: counts by target and outcome, failures by reason',
        description: 'Over your invoices of the period, each in its latest known state (as GET /v1/invoices lists them).',
        querystring: EntrySummaryQuery,
        response: {
          200: jsonOrCsv('The summary (JSON), or the same figures as a CSV file for Excel (format=csv or Accept: text/csv)', EntrySummary, {
            description: 'UTF-8 with a BOM: kind,nextEntryMarkStatus,outcome,failReason,count — a row per target × outcome, then a row per failure reason; nextEntryMarkStatus is written ="…" so Excel keeps 02 as text',
            example: '\uFEFFkind,nextEntryMarkStatus,outcome,failReason,count\r\noutcome,="02",succeeded,,1190\r\nfailure,,failed,发票不存在,3\r\n',
          }),
          ...v1Errors(400, 403),
        },
      },
    },
    async (request, reply) => {
      const { taxNo, recordedPeriod, format, lang } = request.query
      const summary = await service.entrySummary(taxNo, recordedPeriod, deps.caller(request))
      if (!wantsCsv(request, format)) return (reply as FastifyReply).type(JSON_TYPE).send(summary)
      return sendCsv(reply as FastifyReply, `entry-summary-${taxNo}-${recordedPeriod}.csv`, RecordingService.entrySummaryCsv(summary, lang ?? requestLang(request)))
    },
  )

  app.get(
    '/v1/invoices/:invoiceNo/entry-status',
    {
      schema: {
        tags: ['invoices'],
        security: bearerAuth,
        operationId: 'getInvoiceEntryStatus',
        summary: 'Latest known 入账状态 of one invoice, with its history',
        description: 'As your tasks learnt it from piaozone (it is not asked again): the latest 入账状态, whether the seller can still red-reverse the invoice, every task that held it, and the audit trail. 404 for an invoice none of your tasks held; a legacy invoice needs its invoiceCode.',
        params: EntryStatusParams,
        querystring: EntryStatusQuery,
        response: { 200: EntryStatus, ...v1Errors(400, 403, 404) },
      },
    },
    async (request) => {
      const status = await service.entryStatus(request.params.invoiceNo, request.query.taxNo, request.query.invoiceCode ?? '', deps.caller(request))
      return { ...status, redReversal: fromEnglish(status.redReversal)[requestLang(request)] }
    },
  )
}
