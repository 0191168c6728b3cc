// The loop the worker and the webhook deliverer share: look for work, start what was found, and when nothing
// was, sleep for `idleMs` or until woken. A wake-up while it is busy is kept, so none is lost.

export class WorkLoop {
  private running = false
  private loop: Promise<void> | undefined
  private woken = false
  private sleeping: (() => void) | undefined

  /** @param fill starts what work it finds and says how much it started; a throw is reported to onError, and the loop goes on. */
  constructor(
    private readonly fill: () => Promise<number>,
    private readonly idleMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  get isRunning(): boolean {
    return this.running
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.loop = this.run()
  }

  /** Stops looking; resolves once the current look is done (not the work it started). */
  async stop(): Promise<void> {
    this.running = false
    this.wake()
    await this.loop
  }

  /** Look now instead of after the idle pause. */
  wake(): void {
    this.woken = true
    this.sleeping?.()
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false
      let started = 0
      try {
        started = await this.fill()
      } catch (err) {
        this.onError(err)
      }
      if (started === 0 && !this.woken && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.idleMs)
          this.sleeping = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        this.sleeping = undefined
      }
    }
  }
}
