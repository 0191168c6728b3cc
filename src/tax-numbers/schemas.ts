// Schemas of GET /v1/tax-numbers, POST /v1/tax-numbers/{taxNo}/check and POST /v1/tax-login.
import { Type } from 'typebox'
import { component } from '../components.ts'
import { TaxSessionState } from '../generated/prisma/enums.ts'
import { TAX_NO_PATTERN, TAX_NO_RULE } from './tax-no.ts'

/** A tax number in a body: its rules are checked by the route (taxNoProblem), so a 400 can say which is broken. */
export const TaxNoText = Type.String({ minLength: 1, maxLength: 32, description: '购方纳税人识别号 (统一社会信用代码 or an older taxpayer id)', examples: [GUIDE_TAX_NO] })
import { GUIDE_TAX_NO, Nullable, StringEnum } from '../http/schemas.ts'

const Session = component('TaxSession', Type.Object(
  {
    state: StringEnum(['unknown', ...Object.values(TaxSessionState)], {
      description: 'unknown: never checked; ok: alive at checkedAt; needs_login: piaozone said it is gone; interactive: a person must finish the login at loginWebUrl',
    }),
    checkedAt: Nullable(Type.String({ format: 'date-time', description: 'When the gateway last learnt it (a check, or a refusal)' })),
    loginWebUrl: Nullable(Type.String({ description: 'Where a person finishes the login (interactive)' })),
    vendorCode: Nullable(Type.String({ description: 'The vendor\'s code when it said the session is gone' })),
    vendorMessage: Nullable(Type.String({ description: 'The vendor\'s words, verbatim' })),
  },
  { description: 'The tax-bureau (电子税局) session as the gateway last saw it' },
))

const okSession = { state: 'ok', checkedAt: '2025-11-26T08:00:00.000Z', loginWebUrl: null, vendorCode: null, vendorMessage: null }

const exampleTaxNumber = { taxNo: GUIDE_TAX_NO, account: 'default', session: okSession, unfinishedTasks: 2, waitingTasks: 0 }
export const TaxNumber = component(
  'TaxNumber',
  Type.Object(
    {
      taxNo: Type.String(),
      account: Nullable(Type.String({ description: 'The piaozone account serving it; null: none (submits are refused)' })),
      session: Session,
      unfinishedTasks: Type.Integer({ description: 'Your tasks of this tax number not finished yet' }),
      waitingTasks: Type.Integer({ description: 'Of those, waiting for the tax-bureau login' }),
    },
    { description: 'A tax number you may use, its piaozone account and its tax-bureau session', examples: [exampleTaxNumber] },
  ),
)

export const TaxNumberList = component('TaxNumberList', Type.Object(
  {
    items: Type.Array(TaxNumber),
  },
  {
    description: 'The tax numbers you may use: those granted to you, or, if you may use any, those you have used',
    examples: [{ items: [exampleTaxNumber] }],
  },
))

export const TaxNumberQuery = Type.Object(
  { taxNo: Type.Optional(Type.String({ pattern: TAX_NO_PATTERN, 'x-rule': TAX_NO_RULE, description: 'Only this one', examples: [GUIDE_TAX_NO] })) },
  { additionalProperties: false },
)

export const TaxNumberParams = Type.Object({
  taxNo: Type.String({ pattern: TAX_NO_PATTERN, 'x-rule': TAX_NO_RULE, examples: [GUIDE_TAX_NO] }),
})

const ProblemSchema = component('TaxNumberProblem', Type.Object({
  code: Type.String({ description: 'TAX_LOGIN_REQUIRED, TAX_SESSION_GONE, NO_ETAX_ACCOUNT, NO_DEFAULT_ETAX_ACCOUNT, ETAX_ACCOUNT_CANNOT_RECEIVE, VENDOR_REFUSED, UPSTREAM_AUTH, UPSTREAM_UNAVAILABLE' }),
  message: Type.String({ description: 'What is wrong and what to do, in plain words' }),
  vendorCode: Type.Optional(Type.String()),
  vendorMessage: Type.Optional(Type.String({ description: 'The vendor\'s words, verbatim' })),
}, { description: 'A thing that stops 入账 for the tax number, and what to do' }))

export const TaxNumberCheck = component('TaxNumberCheck', Type.Object(
  {
    taxNo: Type.String(),
    account: Nullable(Type.String()),
    ready: Type.Boolean({ description: 'Nothing known stops 入账 for this tax number: the session is alive and (where piaozone offers the check) its default e-tax account has 收票 rights' }),
    problems: Type.Array(ProblemSchema, { description: 'Each thing that stops it; empty when ready' }),
    session: Session,
    etaxAccounts: Type.Object(
      {
        checked: Type.Boolean({ description: 'false: piaozone does not offer ALLE.ACCOUNT.CHECK to this account, or could not be reached (note says which)' }),
        accounts: Type.Array(
          Type.Object({
            etaxAccount: Type.String({ description: 'The e-tax login account' }),
            etaxAccountType: Type.String({ description: '税局权限: 1 开票, 2 收票, 3 开票+收票, 4 neither' }),
            defaultFlag: Type.String({ description: '1: the default account' }),
            defaultType: Type.String({ description: '默认业务: 0 none, 1 开票, 2 收票, 3 开票+收票' }),
          }),
        ),
        note: Nullable(Type.String()),
      },
      { description: 'The tax number\'s e-tax (电子税局) accounts in 发票云 (设置类 3.4)' },
    ),
    resumedTasks: Type.Integer({ description: 'Tasks that were waiting for the login and are due again now' }),
  },
  {
    description: 'What the check found',
    examples: [
      {
        taxNo: GUIDE_TAX_NO,
        account: 'default',
        ready: false,
        problems: [{ code: 'TAX_LOGIN_REQUIRED', message: 'a person must finish the tax-bureau login (SMS, face or QR) at https://etax.example/login, then check again' }],
        session: { ...okSession, state: 'interactive', loginWebUrl: 'https://etax.example/login' },
        etaxAccounts: { checked: true, accounts: [{ etaxAccount: '13800007782', etaxAccountType: '3', defaultFlag: '1', defaultType: '3' }], note: null },
        resumedTasks: 0,
      },
    ],
  },
))

/** POST /v1/tax-login. */
export const TaxLoginBody = component('TaxLoginRequest', Type.Object({ taxNo: TaxNoText }, { additionalProperties: false, examples: [{ taxNo: GUIDE_TAX_NO }] }))
export const TaxLoginResult = component('TaxLoginResult', Type.Object(
  {
    taxNo: Type.String(),
    needAuth: Type.Boolean({ description: 'true: a person must finish an SMS/face/QR step at loginWebUrl' }),
    loginWebUrl: Nullable(Type.String()),
    loginType: Nullable(Type.String()),
    companyName: Nullable(Type.String()),
    resumedTasks: Type.Integer({ description: 'Tasks waiting for this login that resume now' }),
  },
  { description: 'What piaozone said of the tax-bureau session', examples: [{ taxNo: GUIDE_TAX_NO, needAuth: false, loginWebUrl: null, loginType: '1', companyName: '深圳市示例科技有限公司', resumedTasks: 0 }] },
))
