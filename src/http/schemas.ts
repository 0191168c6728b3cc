// What every route's schema shares: the error body and each status's description and example, the bearer
// security requirement, and the small TypeBox helpers (fastify/demo's src/schemas/common.ts is the model).
import { Type } from 'typebox'
import { component, refWith } from '../components.ts'

/** The examples' tax number and task (the integration guide's). */
export const GUIDE_TAX_NO = '914403007451947782'
export const EXAMPLE_TASK_ID = '0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d'

/** A string enum as one `enum` keyword, so a wrong value gets one clear error listing the allowed values. */
export const StringEnum = <T extends string>(values: readonly T[], options: object = {}) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...options })

/** A field and the rule it breaks (an error's details, a submit's warnings). */
export const FieldProblem = component(
  'FieldProblem',
  Type.Object({ field: Type.String({ description: 'Where: a body path such as invoices[0].invoiceNo, a query parameter, or header <name>' }), rule: Type.String({ description: 'The rule, in plain words' }) }),
)
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const ErrorBody = component('ErrorBody', Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'Stable error code' }),
    message: Type.String(),
    requestId: Type.Optional(Type.String()),
    details: Type.Optional(Type.Array(FieldProblem)),
    vendor: Type.Optional(component('VendorAnswer', Type.Object({ errorCode: Type.String(), message: Type.String() }, { description: 'The vendor\'s own answer, verbatim' }))),
    taskId: Type.Optional(Type.String()),
  },
  { description: 'Every error has this shape' },
))

const ERROR_EXAMPLES: Record<number, object> = {
  400: { code: 'VALIDATION_FAILED', message: 'invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)', details: [{ field: 'invoices[0].invoiceNo', rule: 'must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)' }] },
  401: { code: 'UNAUTHORIZED', message: 'the API key is unknown or revoked' },
  403: { code: 'FORBIDDEN', message: 'this client may not act for tax number 91440300591872133B', details: [{ field: 'taxNo', rule: "must be one of this client's tax numbers: 914403007451947782" }] },
  404: { code: 'TASK_NOT_FOUND', message: `no task ${EXAMPLE_TASK_ID}` },
  409: { code: 'INVOICE_IN_UNFINISHED_TASK', message: `invoice(s) already in unfinished task ${EXAMPLE_TASK_ID}`, taskId: EXAMPLE_TASK_ID, details: [{ field: 'invoices[0].invoiceNo', rule: `already in unfinished task ${EXAMPLE_TASK_ID}` }] },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large', details: [{ field: 'body', rule: 'Request body is too large' }] },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as JSON with Content-Type: application/json (got text/plain)', details: [{ field: 'header content-type', rule: 'must be application/json (got text/plain)' }] },
  422: { code: 'IDEMPOTENCY_CONFLICT', message: 'this Idempotency-Key was used with a different request body: use a new key for a new request, or GET the task', taskId: EXAMPLE_TASK_ID },
  429: { code: 'RATE_LIMITED', message: 'rate limit of 600 requests per window exceeded; retry after 1 minute' },
  500: { code: 'INTERNAL', message: 'Internal Server Error' },
  502: { code: 'UPSTREAM_REJECTED', message: 'piaozone refused taxLogin', vendor: { errorCode: '0301', message: '税局登录已失效，请重新登录' } },
  503: { code: 'UPSTREAM_UNAVAILABLE', message: 'piaozone could not be reached or answered garbled; try again later' },
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field',
  401: 'No API key, or an unknown or revoked one (Authorization: Bearer rzk_…)',
  403: 'This client may not act for that tax number',
  404: 'Not found, or not this client\'s',
  409: 'Conflicts with work under way (an invoice in an unfinished task, or the same Idempotency-Key still being stored)',
  413: 'The body is larger than 1 MiB',
  415: 'The body is not sent as Content-Type: application/json',
  422: 'This Idempotency-Key was used with another body: use a new key for a new request, or GET the task',
  429: 'Too many requests from this client; wait for Retry-After seconds',
  500: 'A fault of the gateway; nothing internal is shown (see the log by requestId)',
  502: 'piaozone refused; its code and message are in vendor',
  503: 'piaozone (UPSTREAM_UNAVAILABLE) or the gateway\'s own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later',
}

/** A /v1 route's error responses: its own statuses, and 401 (no or bad key), 429 (rate limit), 500 and 503 (database unreachable), which every one can answer. */
export const v1Errors = (...codes: number[]) => errorResponses(...new Set([...codes, 401, 429, 500, 503]))
/** Every /v1 route takes the API key as a bearer token. */
export const bearerAuth = [{ bearerAuth: [] }]

/** An example of the error body a status really carries (src/plugins/swagger.ts puts it beside each error response). */
export const errorExample = (status: number) => (ERROR_EXAMPLES[status] ? { statusCode: status, requestId: 'req-1', ...ERROR_EXAMPLES[status] } : undefined)

/** The error body for these statuses, each described as what that status means. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, refWith(ErrorBody, { description: ERROR_DESCRIPTIONS[status] })]))
}

/** The Content-Type of an answer sent as already-serialized JSON (a cached task view, a page written by hand). */
export const JSON_TYPE = 'application/json; charset=utf-8'
