// The tax-bureau session of each tax number: checked with taxLogin before a tax number's first 4.16 and again
// once it is older than maxAgeMs (the integration guide's call order), and marked lost when a deduction call
// says it is gone. Shared by the worker and POST /v1/tax-login, so both keep the same record.
import type { PiaozoneAccounts } from '../piaozone/accounts.ts'
import type { CallOptions } from '../piaozone/client.ts'
import type { BusinessError } from '../piaozone/errors.ts'
import type { TaxLoginResult } from '../piaozone/types.ts'
import type { SessionSeen, TaxSessionStore } from '../recording/worker-store.ts'
import type { WorkerLogger } from '../recording/worker.ts'

export class TaxSessions {
  private readonly inflight = new Map<string, Promise<TaxLoginResult>>()
  /** When this process last saw each tax number's session alive, so the hot path need not read it every step. */
  private readonly aliveAt = new Map<string, number>()

  constructor(
    private readonly repo: TaxSessionStore,
    private readonly vendor: PiaozoneAccounts,
    private readonly maxAgeMs: number,
    private readonly log: Pick<WorkerLogger, 'warn'>,
  ) {}

  /** Stores what was seen; a session that was fine and is not any more is logged at warn (and raised as a webhook event). */
  private async save(taxNo: string, seen: SessionSeen): Promise<void> {
    const account = this.vendor.accountFor(taxNo)?.name ?? null
    if (await this.repo.saveTaxSession(taxNo, seen, account)) {
      this.log.warn({ taxNo, account, state: seen.state, vendorCode: seen.vendorCode }, 'tax-bureau session lost: tasks of this tax number wait until it is back')
    }
  }

  /** True when the session is unknown, not known to be alive, or was last checked longer ago than maxAgeMs. */
  async needsCheck(taxNo: string, now = Date.now()): Promise<boolean> {
    const seen = this.aliveAt.get(taxNo)
    if (seen !== undefined && now - seen < this.maxAgeMs) return false
    const session = await this.repo.getTaxSession(taxNo)
    if (session?.state !== 'ok' || now - session.checkedAt.getTime() >= this.maxAgeMs) return true
    this.aliveAt.set(taxNo, session.checkedAt.getTime())
    return false
  }

  /**
   * Runs taxLogin and stores what it found. The worker's checks share one call per tax number in this process
   * (many tasks of one tax number start at once); an operator's check (`shared: false`) is always its own call,
   * since one already under way may have started before a person finished the login.
   */
  check(taxNo: string, opts: CallOptions = {}, shared = true): Promise<TaxLoginResult> {
    const running = shared ? this.inflight.get(taxNo) : undefined
    if (running) return running
    const call = this.vendor.taxLogin(taxNo, opts).then(async (result) => {
      await this.save(taxNo, { state: result.needAuth ? 'interactive' : 'ok', loginWebUrl: result.loginWebUrl ?? null })
      if (result.needAuth) this.aliveAt.delete(taxNo)
      else this.aliveAt.set(taxNo, Date.now())
      return result
    })
    if (!shared) return call
    this.inflight.set(taxNo, call)
    return call.finally(() => this.inflight.delete(taxNo))
  }

  /**
   * After a check a person asked for (POST /v1/tax-login, a tax number's check): a session that is fine again makes
   * the tasks waiting for it due now. Returns how many (the caller wakes the worker); none when `login` needs a person
   * or did not answer.
   */
  resumeIfBack(taxNo: string, login: TaxLoginResult | undefined): Promise<number> {
    return login && !login.needAuth ? this.repo.resumeWaiting(taxNo) : Promise.resolve(0)
  }

  /** A deduction call was refused because the session is gone: the next submit checks it first. */
  lost(taxNo: string, err: BusinessError): Promise<void> {
    // Another process learns of it at its own next refusal (one refused call), or at its next check.
    this.aliveAt.delete(taxNo)
    return this.save(taxNo, { state: 'needs_login', vendorCode: err.vendorCode, vendorMessage: err.vendorMessage })
  }
}
