// GET /v1/tax-numbers, POST /v1/tax-numbers/{taxNo}/check and POST /v1/tax-login.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { bearerAuth, v1Errors } from '../http/schemas.ts'
import type { Caller } from '../tax-numbers/access.ts'
import type { Worker } from '../recording/worker.ts'
import { TaxLoginBody, TaxLoginResult, TaxNumberCheck, TaxNumberList, TaxNumberParams, TaxNumberQuery } from './schemas.ts'
import type { TaxNumbers } from './service.ts'
import { messageIn, readBack } from '../i18n/index.ts'
import { requestLang } from '../plugins/errors.ts'


export interface TaxNumberRoutesDeps {
  taxNumbers: TaxNumbers
  worker: Worker
  caller: (request: FastifyRequest) => Caller
}

export async function taxNumberRoutes(root: FastifyInstance, deps: TaxNumberRoutesDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/v1/tax-numbers',
    {
      schema: {
        tags: ['tax-bureau'],
        security: bearerAuth,
        operationId: 'listTaxNumbers',
        summary: 'Your tax numbers: tax-bureau session, piaozone account, unfinished and waiting tasks',
        description: 'The session as the gateway last saw it (nothing is asked of piaozone); POST /v1/tax-numbers/{taxNo}/check asks now.',
        querystring: TaxNumberQuery,
        response: { 200: TaxNumberList, ...v1Errors(400, 403) },
      },
    },
    async (request) => deps.taxNumbers.list(deps.caller(request), request.query.taxNo),
  )
  app.post(
    '/v1/tax-numbers/:taxNo/check',
    {
      schema: {
        tags: ['tax-bureau'],
        security: bearerAuth,
        operationId: 'checkTaxNumber',
        summary: 'Is this tax number ready for 入账? Checks it with piaozone now',
        description:
          'Runs taxLogin (the tax-bureau session) and, where piaozone offers it, the e-tax account check, and names each problem with the vendor\'s own code and message. A session that is back resumes the tasks waiting for it (as POST /v1/tax-login does).',
        params: TaxNumberParams,
        response: { 200: TaxNumberCheck, ...v1Errors(400, 403) },
      },
    },
    async (request) => {
      const result = await deps.taxNumbers.check(request.params.taxNo, deps.caller(request))
      if (result.resumedTasks) deps.worker.wake()
      const lang = requestLang(request)
      const { note } = result.etaxAccounts
      return {
        ...result,
        problems: result.problems.map((p) => messageIn(p, lang)),
        etaxAccounts: { ...result.etaxAccounts, note: readBack(note, lang) },
      }
    },
  )

  app.post(
    '/v1/tax-login',
    {
      schema: {
        tags: ['tax-bureau'],
        security: bearerAuth,
        operationId: 'taxLogin',
        summary: 'Run the tax-bureau login check for a tax number',
        description: 'Reports whether a person must finish an interactive step at loginWebUrl. When the session is fine, tasks waiting for it resume.',
        body: TaxLoginBody,
        response: { 200: TaxLoginResult, ...v1Errors(400, 403, 415, 502, 503) },
      },
    },
    async (request) => {
      const result = await deps.taxNumbers.taxLogin(request.body.taxNo, deps.caller(request))
      if (result.resumedTasks) deps.worker.wake()
      return result
    },
  )
}
