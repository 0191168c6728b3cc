// Tax numbers as an operator and an ERP see them: which ones a client may use, each one's tax-bureau session and
// piaozone account, and a check (taxLogin, and the e-tax account check where piaozone offers it) that says in plain
// words whether the tax number is ready for 入账 before any invoice is sent.
import { sql, sqlPlannedEachTime, type Sql } from '../db/sql.ts'
import type { TaxSessionState } from '../generated/prisma/enums.ts'
import type { PiaozoneAccounts } from '../piaozone/accounts.ts'
import { AuthError, BusinessError, PiaozoneError, TransportError, vendorFailure } from '../piaozone/errors.ts'
import type { EtaxAccount, TaxLoginResult } from '../piaozone/types.ts'
import { type Caller, checkTaxNo, checkTaxNoToCall } from './access.ts'
import { UNFINISHED_SQL } from '../recording/statuses.ts'
import type { TaxSessions } from './sessions.ts'
import { toAppError } from '../recording/vendor-errors.ts'
import { t } from '../i18n/index.ts'

const S = {
  // The tax numbers a client that may use any has used: one index probe per tax number (a skip scan).
  usedTaxNos: sql<{ taxNo: string }>(`
    WITH RECURSIVE used AS (
      SELECT min("taxNo") AS tax FROM "RecordingTask" WHERE "clientId" = $1
      UNION ALL
      SELECT (SELECT min("taxNo") FROM "RecordingTask" WHERE "clientId" = $1 AND "taxNo" > used.tax) FROM used WHERE used.tax IS NOT NULL)
    SELECT tax AS "taxNo" FROM used WHERE tax IS NOT NULL`),
  // Unfinished tasks are few, so the (status, nextAttemptAt) index finds them; planned for the values each time.
  overview: sqlPlannedEachTime<SessionRow & { taxNo: string; unfinishedTasks: number; waitingTasks: number }>(`
    SELECT x.tax AS "taxNo", s.state::text AS state, s."checkedAt", s."loginWebUrl", s."vendorCode", s."vendorMessage",
           (SELECT count(*) FROM "RecordingTask" t WHERE t.status IN (${UNFINISHED_SQL}) AND t."clientId" = $1 AND t."taxNo" = x.tax)::int AS "unfinishedTasks",
           (SELECT count(*) FROM "RecordingTask" t WHERE t.status = 'waiting_tax_login' AND t."clientId" = $1 AND t."taxNo" = x.tax)::int AS "waitingTasks"
    FROM unnest($2::text[]) AS x(tax) LEFT JOIN "TaxSession" s ON s."taxNo" = x.tax
    ORDER BY x.tax`),
  session: sql<SessionRow>('SELECT state::text AS state, "checkedAt", "loginWebUrl", "vendorCode", "vendorMessage" FROM "TaxSession" WHERE "taxNo" = $1'),
}

export type SessionState = 'unknown' | TaxSessionState

interface SessionRow {
  state: TaxSessionState | null
  checkedAt: Date | null
  loginWebUrl: string | null
  vendorCode: string | null
  vendorMessage: string | null
}

/** One thing that stops a tax number from being ready: our code, plain words, and the vendor's own code and message. */
export interface Problem {
  code: string
  message: string
  vendorCode?: string
  vendorMessage?: string
}

const session = (row: SessionRow | undefined) => ({
  state: row?.state ?? ('unknown' as const),
  checkedAt: row?.checkedAt?.toISOString() ?? null,
  loginWebUrl: row?.loginWebUrl || null,
  vendorCode: row?.vendorCode ?? null,
  vendorMessage: row?.vendorMessage ?? null,
})

/** 税局权限 (etaxAccountType) that include 收票, which 入账 needs: 2 收票, 3 开票+收票. */
const CAN_RECEIVE = new Set(['2', '3'])
const RIGHTS: Record<string, string> = { '1': t('开票 only').en, '2': '收票', '3': '开票+收票', '4': t('neither 开票 nor 收票').en }

/** What the e-tax account list says about 入账: nothing wrong, or the problems. */
export function etaxAccountProblems(accounts: EtaxAccount[]): Problem[] {
  if (accounts.length === 0) return [{ code: 'NO_ETAX_ACCOUNT', message: t('piaozone lists no e-tax (电子税局) account for this tax number: one must be set up in 发票云 before invoices can be recorded').en }]
  const chosen = accounts.find((a) => a.defaultFlag === '1')
  if (!chosen) return [{ code: 'NO_DEFAULT_ETAX_ACCOUNT', message: t('none of the {count} e-tax accounts of this tax number is the default one; set a default with 收票 rights in 发票云', { count: accounts.length }).en }]
  if (!CAN_RECEIVE.has(chosen.etaxAccountType)) {
    return [{
      code: 'ETAX_ACCOUNT_CANNOT_RECEIVE',
      message: t('the default e-tax account {account} has 税局权限 {type} ({rights}); 入账 needs 收票 rights (2 or 3)', { account: chosen.etaxAccount, type: chosen.etaxAccountType, rights: RIGHTS[chosen.etaxAccountType] ?? t('unknown').en }).en,
    }]
  }
  return []
}

/** A vendor failure as a problem of the check, the vendor's words kept. */
function failure(err: unknown, what: string): Problem {
  const f = vendorFailure(err)
  if (!f) throw err
  if (f.kind === 'unavailable') return { code: 'UPSTREAM_UNAVAILABLE', message: t('{what} could not be done: piaozone could not be reached or answered garbled ({detail}); try again later', { what, detail: f.error.message }).en }
  const words = { vendorCode: f.vendorCode, vendorMessage: f.vendorMessage }
  if (f.kind === 'refused') return { code: 'VENDOR_REFUSED', message: t('piaozone refused {what}', { what }).en, ...words }
  return { code: 'UPSTREAM_AUTH', message: t("piaozone refused the gateway's credentials for this account; an operator must check them").en, ...words }
}

export class TaxNumbers {
  constructor(
    private readonly sql: Sql,
    private readonly vendor: PiaozoneAccounts,
    private readonly taxSessions: TaxSessions,
  ) {}

  /**
   * POST /v1/tax-login: taxLogin for one tax number now (an operator's own call, never one already under way). When the
   * session is fine, the tasks waiting for it resume.
   */
  async taxLogin(taxNo: string, caller: Caller) {
    checkTaxNoToCall(this.vendor, caller, taxNo)
    let result: TaxLoginResult
    try {
      result = await this.taxSessions.check(taxNo, {}, false)
    } catch (err) {
      throw toAppError(err)
    }
    return {
      taxNo,
      needAuth: result.needAuth,
      loginWebUrl: result.loginWebUrl || null,
      loginType: result.loginType ?? null,
      companyName: result.companyName ?? null,
      resumedTasks: await this.taxSessions.resumeIfBack(taxNo, result),
    }
  }

  /**
   * The tax numbers the caller may use (its list, or, with any, those it has used), each with its session and tasks;
   * `only`: just that one (403 when the caller may not use it).
   */
  async list(caller: Caller, only?: string) {
    if (only) checkTaxNo(caller, only)
    const taxNos = only ? [only] : !caller.anyTaxNo ? (caller.taxNos ?? []) : (await this.sql.query(S.usedTaxNos, [caller.clientId])).map((r) => r.taxNo)
    const rows = await this.sql.query(S.overview, [caller.clientId, taxNos])
    return {
      items: rows.map((r) => ({
        taxNo: r.taxNo,
        account: this.vendor.accountFor(r.taxNo)?.name ?? null,
        session: session(r),
        unfinishedTasks: r.unfinishedTasks,
        waitingTasks: r.waitingTasks,
      })),
    }
  }

  /**
   * Checks the tax number now: taxLogin (its session), then the e-tax account check. Ready when the session is fine
   * and the account list, where piaozone offers it, shows a default account with 收票 rights. A session that is back
   * resumes the tasks waiting for it (resumedTasks; the caller wakes the worker).
   */
  async check(taxNo: string, caller: Caller) {
    checkTaxNoToCall(this.vendor, caller, taxNo)
    const problems: Problem[] = []
    let login: TaxLoginResult | undefined
    try {
      login = await this.taxSessions.check(taxNo, {}, false)
      if (login.needAuth) problems.push({ code: 'TAX_LOGIN_REQUIRED', message: t('a person must finish the tax-bureau login (SMS, face or QR) at {url}, then check again', { url: login.loginWebUrl ?? t('the page piaozone names').en }).en })
    } catch (err) {
      if (err instanceof BusinessError && err.needsTaxLogin) {
        await this.taxSessions.lost(taxNo, err)
        problems.push({ code: 'TAX_SESSION_GONE', message: t('the tax-bureau session is gone and piaozone could not restore it: log in to the tax bureau for this tax number in 发票云').en, vendorCode: err.vendorCode, vendorMessage: err.vendorMessage })
      } else problems.push(failure(err, t('the tax-bureau login check (taxLogin)').en))
    }
    const etaxAccounts = await this.etaxAccounts(taxNo)
    problems.push(...etaxAccounts.problems)
    const [row] = await this.sql.query(S.session, [taxNo])
    const sessionNow = session(row)
    const resumedTasks = await this.taxSessions.resumeIfBack(taxNo, login)
    return {
      taxNo,
      account: this.vendor.accountFor(taxNo)?.name ?? null,
      ready: problems.length === 0,
      problems,
      session: sessionNow,
      etaxAccounts: etaxAccounts.view,
      resumedTasks,
    }
  }

  /** 设置类 3.4. An account piaozone does not offer it to (a refusal, or no such path) is not a problem: the check is skipped, saying why. */
  private async etaxAccounts(taxNo: string) {
    try {
      const accounts = await this.vendor.accountCheck(taxNo)
      return { view: { checked: true, accounts, note: null }, problems: etaxAccountProblems(accounts) }
    } catch (err) {
      if (err instanceof TransportError || err instanceof AuthError) return { view: { checked: false, accounts: [], note: t('piaozone could not be reached for the e-tax account check').en }, problems: [failure(err, t('the e-tax account check (ALLE.ACCOUNT.CHECK)').en)] }
      if (!(err instanceof PiaozoneError)) throw err
      const note =
        err instanceof BusinessError
          ? t('piaozone does not offer the e-tax account check (ALLE.ACCOUNT.CHECK) to this account ({vendorCode} {vendorMessage}); not checked', { vendorCode: err.vendorCode, vendorMessage: err.vendorMessage })
          : t('piaozone does not offer the e-tax account check (ALLE.ACCOUNT.CHECK) to this account; not checked')
      return { view: { checked: false, accounts: [], note: note.en }, problems: [] }
    }
  }
}
