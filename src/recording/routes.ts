// The /v1 routes: thin, each with a full schema; the work is in RecordingService.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AcceptedTask, ListQuery, SubmitBody, Task, TaskList, TaskParams } from './schemas.ts'
import { bearerAuth, JSON_TYPE, v1Errors } from '../http/schemas.ts'
import type { Caller } from '../tax-numbers/access.ts'
import type { RecordingService } from './service.ts'
import { validateSubmission } from './validate.ts'
import { problemIn } from '../errors.ts'
import { requestLang } from '../plugins/errors.ts'
import { messageIn } from '../i18n/index.ts'
import { isFinished } from './statuses.ts'
import type { FinishedTaskViews } from './view-cache.ts'
import type { Worker } from './worker.ts'

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$', 'x-rule': 'must be 1–200 printable ASCII characters, no spaces', description: 'Makes the submit safe to repeat: same key and body → the same task', examples: ['AP-2025-0042'] })),
})

/**
 * Sends JSON that is text already (a task serialized by its schema, or cached so), as it is: through the reply as
 * any route has it, since this route's typed reply takes the task object (a string with a JSON type is sent unchanged).
 */
const sendJsonText = (reply: FastifyReply, json: string) => reply.type(JSON_TYPE).send(json)

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
      if (cached) return sendJsonText(reply, cached)
      const ticket = deps.views.ticket()
      const { status, body } = await service.getJson(request.params.id, caller, (task) => reply.serialize(task), lang)
      if (isFinished(status)) deps.views.set(request.params.id, caller.clientId, lang, body, ticket)
      return sendJsonText(reply, body)
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
}
