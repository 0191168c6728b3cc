// Schemas of the webhook routes and of the events themselves (what an ERP's endpoint receives).
import { Type } from 'typebox'
import { RunTrigger } from '../auto-entry/schemas.ts'
import { component } from '../components.ts'
import { TaxSessionState, WebhookDeliveryState } from '../generated/prisma/enums.ts'
import { RUN_FINISHED_EVENT, SESSION_LOST_EVENT, TASK_EVENT_TYPES } from './events.ts'
import { EXAMPLE_TASK_ID, GUIDE_TAX_NO, Nullable, StringEnum } from '../http/schemas.ts'
import { TaskError, TaskStatus } from '../recording/schemas.ts'


export const exampleEvent = {
  type: 'recording_task.finished',
  timestamp: '2025-11-26T08:00:03.000Z',
  data: {
    id: EXAMPLE_TASK_ID,
    reference: 'AP-2025-0042',
    taxNo: GUIDE_TAX_NO,
    nextEntryMarkStatus: '02',
    status: 'completed',
    invoiceCount: 1,
    counts: { pending: 0, succeeded: 1, failed: 0 },
    error: null,
    createdAt: '2025-11-26T08:00:00.000Z',
    finishedAt: '2025-11-26T08:00:03.000Z',
    href: `/v1/recording-tasks/${EXAMPLE_TASK_ID}`,
  },
}

const exampleSessionLost = {
  type: SESSION_LOST_EVENT,
  timestamp: '2025-11-26T09:15:00.000Z',
  data: {
    taxNo: GUIDE_TAX_NO,
    account: 'default',
    state: 'needs_login',
    loginWebUrl: null,
    vendorCode: '0301',
    vendorMessage: '税局登录已失效，请重新登录',
    checkedAt: '2025-11-26T09:15:00.000Z',
    href: '/v1/tax-numbers',
  },
}

const exampleRunFinished = {
  type: RUN_FINISHED_EVENT,
  timestamp: '2025-11-26T14:00:09.500Z',
  data: {
    id: '6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10',
    rule: 'expense-claims-nightly',
    trigger: 'schedule',
    slot: '2025-11-26T14:00:00.000Z',
    counts: { considered: 3, submitted: 2, notMatched: 0, waiting: 0, excluded: { red_reversed: 1 } },
    tasks: 1,
    outcomes: { succeeded: 2, failed: 0, pending: 0 },
    href: '/v1/auto-entry/runs/6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10',
  },
}

export const TaskEvent = component('RecordingTaskEvent', Type.Object(
  {
    type: StringEnum(TASK_EVENT_TYPES, { description: 'recording_task.finished: completed, partially_failed or failed; the others: the task entered that status' }),
    timestamp: Type.String({ format: 'date-time', description: 'When the change happened' }),
    data: Type.Object({
      id: Type.String({ format: 'uuid', description: 'The task' }),
      reference: Nullable(Type.String()),
      taxNo: Type.String(),
      nextEntryMarkStatus: Type.String(),
      status: TaskStatus,
      invoiceCount: Type.Integer(),
      counts: Type.Object({ pending: Type.Integer(), succeeded: Type.Integer(), failed: Type.Integer() }),
      error: Nullable(TaskError),
      createdAt: Type.String({ format: 'date-time' }),
      finishedAt: Nullable(Type.String({ format: 'date-time' })),
      href: Type.String({ description: 'The full task: GET it with your API key' }),
    }),
  },
  { description: 'A task entered a status you are told of', examples: [exampleEvent] },
))

/** The session states a tax_number.session_lost event reports: every one but ok. */
const LOST_STATES = Object.values(TaxSessionState).filter((s): s is Exclude<TaxSessionState, 'ok'> => s !== 'ok')

export const TaxNumberEvent = component('TaxNumberSessionLostEvent', Type.Object(
  {
    type: Type.Literal(SESSION_LOST_EVENT),
    timestamp: Type.String({ format: 'date-time', description: 'When the gateway learnt it' }),
    data: Type.Object({
      taxNo: Type.String(),
      account: Nullable(Type.String({ description: 'The piaozone account serving it' })),
      state: StringEnum(LOST_STATES, { description: 'needs_login: piaozone said the session is gone; interactive: a person must finish the login at loginWebUrl' }),
      loginWebUrl: Nullable(Type.String()),
      vendorCode: Nullable(Type.String()),
      vendorMessage: Nullable(Type.String({ description: 'The vendor\'s words, verbatim' })),
      checkedAt: Type.String({ format: 'date-time' }),
      href: Type.String({ description: 'GET it for every tax number\'s state; POST /v1/tax-numbers/{taxNo}/check once someone has logged in' }),
    }),
  },
  { description: 'The tax-bureau session of a tax number you may use was fine and is not any more: its tasks wait until it is back', examples: [exampleSessionLost] },
))

export const AutoEntryRunEvent = component('AutoEntryRunFinishedEvent', Type.Object(
  {
    type: Type.Literal(RUN_FINISHED_EVENT),
    timestamp: Type.String({ format: 'date-time', description: 'When the run finished' }),
    data: Type.Object({
      id: Type.String({ format: 'uuid', description: 'The run' }),
      rule: Type.String(),
      trigger: RunTrigger,
      slot: Nullable(Type.String({ format: 'date-time' })),
      counts: Type.Record(Type.String(), Type.Unknown(), { description: 'considered, submitted, notMatched, waiting, excluded by reason' }),
      tasks: Type.Integer({ description: 'Tasks the run made' }),
      outcomes: Type.Object({ succeeded: Type.Integer(), failed: Type.Integer(), pending: Type.Integer() }, { description: 'Their invoices by outcome' }),
      href: Type.String({ description: 'The run with its tasks: GET it with your API key' }),
    }),
  },
  { description: 'Every task of an automatic 入账 run has finished (a run that submitted nothing finishes at once)', examples: [exampleRunFinished] },
))

/**
 * Every event type the gateway sends, with its body's component: the OpenAPI document's `webhooks` (src/plugins/swagger.ts).
 * test/openapi-contract.test.ts checks the list against the types the code writes.
 */
export const WEBHOOK_EVENTS = [
  ...TASK_EVENT_TYPES.map((type) => {
    const entered = type.slice('recording_task.'.length)
    const finished = type === 'recording_task.finished'
    return {
      type,
      component: 'RecordingTaskEvent',
      summary: finished ? 'A task finished: completed, partially_failed or failed' : `A task entered ${entered}`,
      example: finished ? exampleEvent : { ...exampleEvent, type, data: { ...exampleEvent.data, status: entered, counts: { pending: 1, succeeded: 0, failed: 0 }, finishedAt: null } },
    }
  }),
  { type: SESSION_LOST_EVENT, component: 'TaxNumberSessionLostEvent', summary: 'The tax-bureau session of a tax number you may use was lost', example: exampleSessionLost },
  { type: RUN_FINISHED_EVENT, component: 'AutoEntryRunFinishedEvent', summary: 'Every task of an automatic 入账 run has finished', example: exampleRunFinished },
]

/** The body POSTed to the endpoint (signed as Standard Webhooks says). */
export const WebhookEvent = component(
  'WebhookEvent',
  Type.Union([TaskEvent, TaxNumberEvent, AutoEntryRunEvent], {
    description: 'A webhook event as your endpoint receives it',
    // For generated clients: `type` says which model the event is (validators ignore the keyword).
    discriminator: { propertyName: 'type', mapping: Object.fromEntries(WEBHOOK_EVENTS.map((e) => [e.type, `#/components/schemas/${e.component}`])) },
    examples: [exampleEvent],
  }),
)

const exampleDelivery = {
  id: 'msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b',
  type: 'recording_task.finished',
  taskId: EXAMPLE_TASK_ID,
  taxNo: GUIDE_TAX_NO,
  state: 'delivered',
  attempts: 2,
  lastAttemptAt: '2025-11-26T08:00:08.000Z',
  lastStatus: 200,
  lastError: null,
  nextAttemptAt: null,
  deliveredAt: '2025-11-26T08:00:08.000Z',
  createdAt: '2025-11-26T08:00:03.000Z',
  event: exampleEvent,
}

const DeliveryState = component(
  'WebhookDeliveryState',
  StringEnum(Object.values(WebhookDeliveryState), { description: 'pending: tried again at nextAttemptAt; failed: given up after WEBHOOK_RETRY_FOR_MS', examples: ['failed'] }),
)

export const Delivery = component('WebhookDelivery', Type.Object(
  {
    id: Type.String({ description: 'The webhook-id header: the same on every try and redelivery; deduplicate on it' }),
    type: Type.String(),
    taskId: Nullable(Type.String({ format: 'uuid' })),
    taxNo: Nullable(Type.String()),
    state: DeliveryState,
    attempts: Type.Integer({ description: 'Tries so far' }),
    lastAttemptAt: Nullable(Type.String({ format: 'date-time' })),
    lastStatus: Nullable(Type.Integer({ description: 'Your endpoint\'s HTTP status at the last try; null when it did not answer' })),
    lastError: Nullable(Type.String({ description: 'Why the last try failed (e.g. HTTP 503, no complete answer within 10000 ms)' })),
    nextAttemptAt: Nullable(Type.String({ format: 'date-time', description: 'The next try, while pending' })),
    deliveredAt: Nullable(Type.String({ format: 'date-time' })),
    createdAt: Type.String({ format: 'date-time' }),
    event: WebhookEvent,
  },
  { description: 'One event for your endpoint and how its delivery went', examples: [exampleDelivery] },
))

export const DeliveryQuery = Type.Object(
  {
    state: Type.Optional(DeliveryState),
    taskId: Type.Optional(Type.String({ format: 'uuid', description: 'Only the events of this task', examples: [EXAMPLE_TASK_ID] })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, examples: [50] })),
    cursor: Type.Optional(
      Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', 'x-rule': 'must be a nextCursor returned by this endpoint', description: 'nextCursor of the previous page', examples: ['MjAyNS0xMS0yNlQwODowMDowMy4wMDBafG1zZ18wZjZjMmIxZTlhNGQ0YzdlOGI1YTNkMmMxZTBmOWE4Yg'] }),
    ),
  },
  { additionalProperties: false },
)

export const DeliveryList = component('WebhookDeliveryList', Type.Object(
  { items: Type.Array(Delivery), nextCursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last page' })) },
  { description: 'Your webhook deliveries, newest first', examples: [{ items: [exampleDelivery], nextCursor: null }] },
))

/** A delivery's id (the webhook-id), as the outbox statements make it. */
export const DELIVERY_ID_PATTERN = '^msg_[0-9a-f]{32}$'

export const DeliveryParams = Type.Object({ id: Type.String({ pattern: DELIVERY_ID_PATTERN, 'x-rule': 'must be a delivery id (msg_…)', examples: [exampleDelivery.id] }) })
