// Request and response schemas of the /v1 API. Field names follow the vendor's (so its guide reads the same),
// with `serialNo` spelled correctly. Examples are the integration guide's.
import { type Static, Type } from 'typebox'
import { component } from '../components.ts'
import { newestFirstCursor } from '../cursor.ts'
import { ENTRY_MARK_TARGETS } from '../piaozone/entry-mark.ts'
import { TaxNoText } from '../tax-numbers/schemas.ts'
import { TAX_NO_PATTERN } from '../tax-numbers/tax-no.ts'
import { EXAMPLE_TASK_ID, FieldProblem, GUIDE_TAX_NO, Nullable, StringEnum } from '../http/schemas.ts'
import { INVOICE_OUTCOMES, TASK_STATUSES } from './statuses.ts'

export const EntryMarkTarget = component(
  'EntryMarkTarget',
  StringEnum(ENTRY_MARK_TARGETS, {
    description: '目标入账状态: 02 已入账（企业所得税税前扣除）, 03 已入账（企业所得税不扣除）, 06 入账撤销',
    examples: ['02'],
  }),
)
export const TaskStatus = component(
  'TaskStatus',
  StringEnum(TASK_STATUSES, {
    description:
      'accepted: stored, not sent yet; submitted: sent, the outcome is being polled; waiting_tax_login: waiting for the tax-bureau login; stalled: no progress for a long time (POST …/resume); ' +
      'completed, partially_failed, failed, cancelled: final. docs/DESIGN.md explains each status',
    examples: ['completed'],
  }),
)
export const InvoiceOutcome = component(
  'InvoiceOutcome',
  StringEnum(INVOICE_OUTCOMES, { description: 'pending: the vendor has not answered for it yet; succeeded: piaozone set the target 入账状态; failed: piaozone refused it (failReason says why)', examples: ['succeeded'] }),
)
const Outcome = InvoiceOutcome
/** Tax numbers in queries go straight to the database, so their characters are checked by the schema. */
export const TaxNoQuery = Type.String({ pattern: TAX_NO_PATTERN, description: '购方纳税人识别号 (15–20 digits and upper-case letters)', examples: [GUIDE_TAX_NO] })
// Free text that is stored: no control characters (Postgres refuses NUL; the rest only hides in logs and UIs).
export const PLAIN_TEXT = '^[^\\u0000-\\u001F\\u007F\\u202A-\\u202E\\u2066-\\u2069]+$'

export const InvoiceInput = component('InvoiceInput', Type.Object(
  {
    serialNo: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', 'x-rule': 'must be 1–64 letters, digits, _ or -', description: 'Your line id; generated when absent', examples: ['3388296ca4d147f1b4ffe114412493a00'] })),
    invoiceNo: Type.String({ minLength: 1, maxLength: 20, description: '20 digits for 数电 invoices; 8 digits for legacy ones', examples: ['23442000000164214335'] }),
    invoiceCode: Type.Optional(Type.String({ maxLength: 12, description: 'Empty for 数电 invoices; 10 or 12 digits for legacy ones', examples: [''] })),
    recordedTime: Type.String({ minLength: 1, maxLength: 8, description: '入账时间, yyyyMMdd, not in the future', examples: ['20251126'] }),
    recordedPeriod: Type.String({ minLength: 1, maxLength: 8, description: '入账期间, yyyyMM or yyyyMMdd (the guide uses yyyyMMdd)', examples: ['20251126'] }),
  },
  { additionalProperties: false },
))

export const SubmitBody = component('SubmitRequest', Type.Object(
  {
    taxNo: TaxNoText,
    nextEntryMarkStatus: EntryMarkTarget,
    reference: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, pattern: PLAIN_TEXT, 'x-rule': 'must be 1–128 characters of plain text (no control characters)', description: 'Your document number, for finding the task later (no control characters)', examples: ['AP-2025-0042'] }),
    ),
    operator: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, pattern: PLAIN_TEXT, 'x-rule': 'must be 1–64 characters of plain text (no control characters)', description: 'Who in the ERP asked for this change; kept in the invoices\' entry-status history', examples: ['zhang.san'] }),
    ),
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, pattern: PLAIN_TEXT, 'x-rule': 'must be 1–500 characters of plain text (no control characters)', description: 'Why; required when nextEntryMarkStatus is 06 (入账撤销). Kept in the entry-status history', examples: ['凭证冲销，发票退回供应商'] }),
    ),
    invoices: Type.Array(InvoiceInput, { minItems: 1, maxItems: 1000, description: '1 to 1000 invoices; split into vendor batches of PIAOZONE_BATCH_SIZE' }),
  },
  {
    additionalProperties: false,
    examples: [
      {
        taxNo: GUIDE_TAX_NO,
        nextEntryMarkStatus: '02',
        reference: 'AP-2025-0042',
        invoices: [{ serialNo: '3388296ca4d147f1b4ffe114412493a00', invoiceNo: '23442000000164214335', invoiceCode: '', recordedTime: '20251126', recordedPeriod: '20251126' }],
      },
    ],
  },
))
export type SubmitBody = Static<typeof SubmitBody>

export const TaskError = component('TaskError', Type.Object(
  {
    code: Type.String({
      description:
        'UPSTREAM_REJECTED: the vendor will not act (final code); UPSTREAM_RETRYING: the vendor refused or was busy, the gateway tries again; ' +
        'UPSTREAM_UNAVAILABLE / UPSTREAM_PROTOCOL: unreachable or garbled, trying again; UPSTREAM_AUTH: piaozone refused the gateway\'s credentials (operator); ' +
        'TAX_SESSION_GONE / TAX_LOGIN_REQUIRED: waiting for the tax-bureau login; VENDOR_TASK_NOT_FOUND: piaozone does not show a task it created (operator), ' +
        'the invoices stay pending; ALL_INVOICES_REFUSED: the vendor refused each invoice, see failReason',
      examples: ['UPSTREAM_REJECTED'],
    }),
    message: Type.String(),
    vendorCode: Type.Optional(Type.String({ examples: ['2002'] })),
    vendorMessage: Type.Optional(Type.String({ examples: ['该组织的收票通道不支持税局入账操作'] })),
    loginWebUrl: Type.Optional(Type.String()),
  },
  { description: 'The last problem; for vendor refusals the vendor\'s own code and Chinese message beside ours' },
))

export const TaskInvoice = component('TaskInvoice', Type.Object({
  index: Type.Integer({ description: 'Position in the submitted list' }),
  serialNo: Nullable(Type.String({ description: 'Your serialNo; null when you sent none and none was sent to the vendor (PIAOZONE_SERIAL_WHEN_MISSING)' })),
  invoiceNo: Type.String(),
  invoiceCode: Type.String(),
  recordedTime: Type.String(),
  recordedPeriod: Type.String(),
  outcome: Outcome,
  preEntryMarkStatus: Nullable(Type.String()),
  entryMarkStatus: Nullable(Type.String()),
  failReason: Nullable(Type.String({ description: 'The vendor\'s reason, verbatim' })),
  invoiceType: Nullable(Type.String()),
  invoiceDate: Nullable(Type.String()),
  etaxInvoiceNo: Nullable(Type.String()),
}, { description: 'One invoice of a task and its outcome' }))

const Counts = component('TaskCounts', Type.Object({ total: Type.Integer(), pending: Type.Integer(), succeeded: Type.Integer(), failed: Type.Integer() }, { description: 'The task\'s invoices by outcome' }))

const taskFields = {
  id: Type.String({ format: 'uuid' }),
  status: TaskStatus,
  taxNo: Type.String(),
  nextEntryMarkStatus: EntryMarkTarget,
  reference: Nullable(Type.String()),
  requestId: Nullable(Type.String({ description: 'The request id of the submit' })),
  counts: Counts,
  vendorTaskNos: Type.Array(Type.String(), { description: 'piaozone task numbers, one per vendor batch submitted' }),
  error: Nullable(TaskError),
  retryOf: Nullable(Type.String({ format: 'uuid', description: 'The task whose failed invoices this one retries (POST …/retry-failed)' })),
  operator: Nullable(Type.String({ description: 'Who in the ERP asked for it (the submit\'s operator)' })),
  reason: Nullable(Type.String({ description: 'Why (the submit\'s reason)' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
}

const exampleTask = {
  id: EXAMPLE_TASK_ID,
  status: 'completed',
  taxNo: GUIDE_TAX_NO,
  nextEntryMarkStatus: '02',
  reference: 'AP-2025-0042',
  requestId: 'req-1',
  counts: { total: 1, pending: 0, succeeded: 1, failed: 0 },
  vendorTaskNos: ['RZ1764136800000000001'],
  error: null,
  retryOf: null,
  operator: 'zhang.san',
  reason: null,
  createdAt: '2025-11-26T08:00:00.000Z',
  updatedAt: '2025-11-26T08:00:03.000Z',
  finishedAt: '2025-11-26T08:00:03.000Z',
}

export const TaskSummary = component('RecordingTaskSummary', Type.Object(taskFields, { description: 'A task without its invoices', examples: [exampleTask] }))
const fullTaskFields = {
  ...taskFields,
  retries: Type.Array(Type.String({ format: 'uuid' }), { description: 'Tasks made by POST …/retry-failed from this one, oldest first' }),
  replayed: Type.Optional(Type.Boolean({ description: 'true when an Idempotency-Key replay returned an existing task' })),
  invoices: Type.Array(TaskInvoice),
}
/** The answer to a submit: stored, nothing sent to the vendor yet. */
export const AcceptedTask = component('AcceptedRecordingTask', Type.Object(
  {
    ...fullTaskFields,
    warnings: Type.Optional(
      Type.Array(FieldProblem, {
        description: 'Input that is allowed but probably not what you meant (e.g. a 统一社会信用代码 missing its last character); present only when there are any',
      }),
    ),
  },
  {
  description: 'Stored. The worker submits it to piaozone now; poll GET /v1/recording-tasks/{id} (Location header) for the outcome',
  examples: [
    {
      ...exampleTask,
      status: 'accepted',
      counts: { total: 1, pending: 1, succeeded: 0, failed: 0 },
      vendorTaskNos: [],
      updatedAt: exampleTask.createdAt,
      finishedAt: null,
      replayed: false,
      retries: [],
      invoices: [
        {
          index: 0, serialNo: '3388296ca4d147f1b4ffe114412493a00', invoiceNo: '23442000000164214335', invoiceCode: '', recordedTime: '20251126',
          recordedPeriod: '20251126', outcome: 'pending', preEntryMarkStatus: null, entryMarkStatus: null, failReason: null, invoiceType: null,
          invoiceDate: null, etaxInvoiceNo: null,
        },
      ],
    },
  ],
  },
))
export const Task = component('RecordingTask', Type.Object(
  fullTaskFields,
  {
    description: 'The task with every invoice and its outcome so far',
    examples: [
      {
        ...exampleTask,
        retries: [],
        invoices: [
          {
            index: 0, serialNo: '3388296ca4d147f1b4ffe114412493a00', invoiceNo: '23442000000164214335', invoiceCode: '',
            recordedTime: '20251126', recordedPeriod: '20251126', outcome: 'succeeded', preEntryMarkStatus: '01', entryMarkStatus: '02',
            failReason: null, invoiceType: '27', invoiceDate: '20251120', etaxInvoiceNo: '23442000000164214335',
          },
        ],
      },
    ],
  },
))

export const TaskParams = Type.Object({ id: Type.String({ format: 'uuid', description: 'The task id', examples: [EXAMPLE_TASK_ID] }) })

export const ListQuery = Type.Object(
  {
    taxNo: Type.Optional(TaxNoQuery),
    status: Type.Optional(TaskStatus),
    reference: Type.Optional(Type.String({ maxLength: 128, pattern: PLAIN_TEXT, examples: ['AP-2025-0042'] })),
    createdFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Created at or after (ISO 8601)', examples: ['2025-11-01T00:00:00Z'] })),
    createdTo: Type.Optional(Type.String({ format: 'date-time', description: 'Created before (ISO 8601)', examples: ['2025-12-01T00:00:00Z'] })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, examples: [50] })),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', 'x-rule': 'must be a nextCursor returned by this endpoint', description: 'nextCursor of the previous page', examples: [newestFirstCursor({ createdAt: new Date(exampleTask.createdAt), id: EXAMPLE_TASK_ID })] })),
  },
  { additionalProperties: false },
)
export const TaskList = component('RecordingTaskList', Type.Object(
  {
    items: Type.Array(TaskSummary),
    nextCursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last page' })),
  },
  { description: 'A page of tasks, newest first', examples: [{ items: [exampleTask], nextCursor: null }] },
))
