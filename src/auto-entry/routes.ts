// /v1/auto-entry: candidates, rules and runs of automatic 入账. Thin: the work is in AutoEntryService and the runner.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'
import { isRecord } from '../guards.ts'
import { bearerAuth, v1Errors } from '../http/schemas.ts'
import type { Caller } from '../tax-numbers/access.ts'
import type { AutoEntryRunner, Counts } from './runner.ts'
import { ruleProblems } from './rules.ts'
import {
  CandidateKeyQuery, CandidateList, CandidateParams, CandidateStanding, CandidateQuery, CandidatesAnswer, CandidatesBody, Preview, RuleBody, RuleHeaders, RuleHistory, RuleList, RuleParams,
  RuleView, RunList, RunParams, RunQuery, RunView,
} from './schemas.ts'
import { type AutoEntryService, candidateProblems, DEFAULT_TIME_ZONE, runIn, standingIn, standingView } from './service.ts'
import { requestLang } from '../plugins/errors.ts'
import { t } from '../i18n/index.ts'

export interface AutoEntryRoutesDeps {
  service: AutoEntryService
  runner: AutoEntryRunner
  caller: (request: FastifyRequest) => Caller
}

const tags = ['auto-entry']

export async function autoEntryRoutes(root: FastifyInstance, deps: AutoEntryRoutesDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  const { service } = deps

  app.put(
    '/v1/auto-entry/candidates',
    {
      schema: {
        tags, security: bearerAuth, operationId: 'putAutoEntryCandidates', summary: 'Hand over invoices for automatic 入账 (upsert)',
        description: 'As your ERP collects invoices or binds them to documents. Keyed by tax number, invoice code and number: a second PUT updates (and un-withdraws). The answer says where each stands now and which rule would take it, or why none would.',
        body: CandidatesBody, response: { 200: CandidatesAnswer, ...v1Errors(400, 403, 413, 415) },
      },
      config: { bodyRules: candidateProblems },
    },
    async (request) => {
      const { items } = await service.putCandidates(deps.caller(request), request.body)
      const lang = requestLang(request)
      return { items: items.map((item) => standingIn(item, lang)) }
    },
  )

  app.get(
    '/v1/auto-entry/candidates',
    {
      schema: {
        tags, security: bearerAuth, operationId: 'listAutoEntryCandidates', summary: 'Where each candidate stands, and why',
        description: 'In key order (tax number, invoice code, number). Filtered by standing or rule, a page may hold fewer than limit while nextCursor says more follow.',
        querystring: CandidateQuery, response: { 200: CandidateList, ...v1Errors(400, 403) },
      },
    },
    async (request) => {
      const page = await service.listCandidates(deps.caller(request), request.query)
      const lang = requestLang(request)
      return { ...page, items: page.items.map((item) => standingIn(item, lang)) }
    },
  )

  app.delete(
    '/v1/auto-entry/candidates/:invoiceNo',
    {
      schema: {
        tags, security: bearerAuth, operationId: 'withdrawAutoEntryCandidate', summary: 'Withdraw a candidate (its document was unbound): it is never submitted',
        description: '409 once a run is submitting it or a task holds it (then cancel the task while nothing was sent).',
        params: CandidateParams, querystring: CandidateKeyQuery, response: { 200: CandidateStanding, ...v1Errors(400, 403, 404, 409) },
      },
    },
    async (request) => {
      const key = { taxNo: request.query.taxNo, invoiceCode: request.query.invoiceCode ?? '', invoiceNo: request.params.invoiceNo }
      return standingIn(await service.withdraw(deps.caller(request), key), requestLang(request))
    },
  )

  app.get(
    '/v1/auto-entry/rules',
    { schema: { tags, security: bearerAuth, operationId: 'listAutoEntryRules', summary: 'Your rules, in the order they take invoices',
        description: 'Lower priority first: the first enabled rule that matches an invoice takes it.', response: { 200: RuleList, ...v1Errors(400) } } },
    async (request) => service.listRules(deps.caller(request)),
  )

  app.put(
    '/v1/auto-entry/rules/:name',
    {
      schema: {
        tags, security: bearerAuth, operationId: 'putAutoEntryRule', summary: 'Create or replace a rule',
        description: 'Every list in match must match (an omitted one matches all); the first enabled rule by priority that matches an invoice takes it. 06 is never automatic. Every change is kept (GET …/history), with X-Operator as who made it.',
        params: RuleParams, headers: RuleHeaders, body: RuleBody, response: { 200: RuleView, 201: RuleView, ...v1Errors(400, 403, 415) },
      },
      config: { bodyRules: (body) => rulesOf(body) },
    },
    async (request, reply) => {
      const { view, created } = await service.putRule(deps.caller(request), request.params.name, request.body, request.headers['x-operator'])
      return reply.code(created ? 201 : 200).send(view)
    },
  )

  app.get(
    '/v1/auto-entry/rules/:name',
    { schema: { tags, security: bearerAuth, operationId: 'getAutoEntryRule', summary: 'A rule, and when it runs next',
        description: 'As stored by PUT /v1/auto-entry/rules/{name}; nextRunAt is null while it is disabled.', params: RuleParams, response: { 200: RuleView, ...v1Errors(400, 404) } } },
    async (request) => service.getRule(deps.caller(request), request.params.name),
  )

  app.delete(
    '/v1/auto-entry/rules/:name',
    {
      schema: { tags, security: bearerAuth, operationId: 'deleteAutoEntryRule', summary: 'Delete a rule (its history and runs stay); answers the rule as it was',
        description: 'It takes no more invoices from its next run on; x-operator names who deleted it in its history.', params: RuleParams, headers: RuleHeaders, response: { 200: RuleView, ...v1Errors(400, 404) } },
    },
    async (request) => service.deleteRule(deps.caller(request), request.params.name, request.headers['x-operator']),
  )

  app.get(
    '/v1/auto-entry/rules/:name/history',
    { schema: { tags, security: bearerAuth, operationId: 'getAutoEntryRuleHistory', summary: 'Every change of a rule: who, when, before and after, newest first',
        description: 'Kept after the rule is deleted: the deletion is its last change (after is null).', params: RuleParams, response: { 200: RuleHistory, ...v1Errors(400, 404) } } },
    async (request) => service.ruleHistory(deps.caller(request), request.params.name),
  )

  app.post(
    '/v1/auto-entry/rules/:name/preview',
    {
      schema: {
        tags, security: bearerAuth, operationId: 'previewAutoEntryRule', summary: 'What a run of the rule now would submit, and what it would leave and why',
        description: 'Writes and sends nothing. Groups by tax number, target and period, with up to 100 invoices; up to 100 candidates it would leave. A disabled rule is previewed as if it were enabled.',
        params: RuleParams, response: { 200: Preview, ...v1Errors(400, 404) },
      },
    },
    async (request) => {
      const caller = deps.caller(request)
      // A disabled rule is previewed as if enabled: what it would take once it is.
      const rules = (await service.rules(caller.clientId)).map((r) => (r.name === request.params.name ? { ...r, enabled: true } : r))
      const rule = rules.find((r) => r.name === request.params.name)
      if (!rule) throw new AppError(404, 'RULE_NOT_FOUND', t('no rule named {name}', { name: request.params.name }))
      const counts: Counts = { considered: 0, submitted: 0, notMatched: 0, waiting: 0, excluded: {} }
      const groups = new Map<string, { taxNo: string; nextEntryMarkStatus: string; recordedPeriod: string; count: number; invoices: { invoiceNo: string; invoiceCode: string; recordedTime: string; recordedPeriod: string }[] }>()
      const left: ReturnType<typeof standingView>[] = []
      let shown = 0
      const now = new Date()
      for await (const due of deps.runner.select(caller.clientId, rule, rules, counts, (c, s) => left.length < 100 && left.push(standingView(c, s, now)))) {
        for (const s of due) {
          const key = `${s.taxNo}:${s.recordedPeriod}`
          const group = groups.get(key) ?? { taxNo: s.taxNo, nextEntryMarkStatus: rule.action.nextEntryMarkStatus, recordedPeriod: s.recordedPeriod, count: 0, invoices: [] }
          group.count++
          counts.submitted++
          if (shown < 100 && ++shown) group.invoices.push({ invoiceNo: s.invoiceNo, invoiceCode: s.invoiceCode, recordedTime: s.recordedTime, recordedPeriod: s.recordedPeriod })
          groups.set(key, group)
        }
      }
      const lang = requestLang(request)
      return { groups: [...groups.values()], counts, left: left.map((item) => standingIn(item, lang)) }
    },
  )

  app.post(
    '/v1/auto-entry/rules/:name/run',
    {
      schema: {
        tags, security: bearerAuth, operationId: 'runAutoEntryRule', summary: 'Run a rule now',
        description: '202 with the run; follow it at GET /v1/auto-entry/runs/{id}. 409 while another run of the rule is selecting or submitting.',
        params: RuleParams, response: { 202: RunView, ...v1Errors(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const caller = deps.caller(request)
      const rule = await service.getRule(caller, request.params.name)
      if (!rule.enabled) throw new AppError(409, 'RULE_DISABLED', t('rule {name} is disabled; enable it (PUT with enabled: true) to run it, or preview it as it is', { name: rule.name }))
      const id = await deps.runner.runNow(caller.clientId, rule.name)
      if (!id) throw new AppError(409, 'RUN_IN_PROGRESS', t('a run of rule {name} is selecting or submitting now; follow it at GET /v1/auto-entry/runs?rule={name}', { name: rule.name }))
      reply.header('location', `/v1/auto-entry/runs/${id}`)
      return reply.code(202).send(runIn(await service.getRun(caller, id), requestLang(request)))
    },
  )

  app.get(
    '/v1/auto-entry/runs',
    { schema: { tags, security: bearerAuth, operationId: 'listAutoEntryRuns', summary: 'Runs, newest first',
        description: 'Runs of your rules, scheduled, caught up or manual, without their tasks; filter by rule, page with cursor.', querystring: RunQuery, response: { 200: RunList, ...v1Errors(400) } } },
    async (request) => {
      const page = await service.listRuns(deps.caller(request), request.query)
      const lang = requestLang(request)
      return { ...page, items: page.items.map((run) => runIn(run, lang)) }
    },
  )

  app.get(
    '/v1/auto-entry/runs/:id',
    { schema: { tags, security: bearerAuth, operationId: 'getAutoEntryRun', summary: 'A run: counts, and its tasks with their outcomes',
        description: 'The auto_entry.run_finished webhook names it once every task of the run has finished.', params: RunParams, response: { 200: RunView, ...v1Errors(400, 404) } } },
    async (request) => runIn(await service.getRun(deps.caller(request), request.params.id), requestLang(request)),
  )
}

/** A rule's problems beyond its schema, read defensively (they run on a body that failed the schema too). */
function rulesOf(raw: unknown) {
  if (!isRecord(raw)) return []
  const { schedule, match, action, timeZone } = raw
  // Any object (an array too): the schema reports what is wrong with its shape, and these problems are listed beside it.
  if (typeof schedule !== 'string' || typeof match !== 'object' || !match || typeof action !== 'object' || !action) return []
  return ruleProblems({ match, action, schedule, timeZone: typeof timeZone === 'string' ? timeZone : DEFAULT_TIME_ZONE })
}
