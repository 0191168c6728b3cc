// The access token cache: reuse until shortly before expiry, refresh at most once at a time however many
// callers wait (single flight), and drop a token the vendor refused so the next caller fetches a new one.

export interface IssuedToken {
  token: string
  /** Absolute expiry, epoch milliseconds (the vendor's `expire_time`). */
  expiresAt: number
}

export class TokenCache {
  private current: IssuedToken | undefined
  private inflight: Promise<IssuedToken> | undefined
  refreshCount = 0

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly refreshMarginMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    if (this.current && this.now() < this.current.expiresAt - this.refreshMarginMs) return this.current.token
    this.inflight ??= this.issue()
      .then((issued) => {
        this.current = issued
        this.refreshCount++
        return issued
      })
      .finally(() => {
        this.inflight = undefined
      })
    return (await this.inflight).token
  }

  /** Forget `token` if it is still the cached one (another caller may have refreshed it already). */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined
  }
}
