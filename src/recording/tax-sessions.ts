// The tax-bureau session of each tax number: checked with taxLogin before a tax number's first 4.16 and again
// once it is older than maxAgeMs (the integration guide's call order), and marked lost when a deduction call
// says it is gone. Shared by the worker and POST /v1/tax-login, so both keep the same record.
import type { CallOptions, PiaozoneClient } from '../piaozone/client.ts'
import type { BusinessError } from '../piaozone/errors.ts'
import type { TaxLoginResult } from '../piaozone/types.ts'
import type { RecordingRepository } from './repository.ts'

export class TaxSessions {
  private readonly inflight = new Map<string, Promise<TaxLoginResult>>()

  constructor(
    private readonly repo: RecordingRepository,
    private readonly vendor: PiaozoneClient,
    private readonly maxAgeMs: number,
  ) {}

  /** True when the session is unknown, not known to be alive, or was last checked longer ago than maxAgeMs. */
  async needsCheck(taxNo: string, now = Date.now()): Promise<boolean> {
    const session = await this.repo.getTaxSession(taxNo)
    return session?.state !== 'ok' || now - session.checkedAt.getTime() >= this.maxAgeMs
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
      await this.repo.saveTaxSession(taxNo, { state: result.needAuth ? 'interactive' : 'ok', loginWebUrl: result.loginWebUrl ?? null })
      return result
    })
    if (!shared) return call
    this.inflight.set(taxNo, call)
    return call.finally(() => this.inflight.delete(taxNo))
  }

  /** A deduction call was refused because the session is gone: the next submit checks it first. */
  lost(taxNo: string, err: BusinessError): Promise<void> {
    return this.repo.saveTaxSession(taxNo, { state: 'needs_login', vendorCode: err.vendorCode, vendorMessage: err.vendorMessage })
  }
}
