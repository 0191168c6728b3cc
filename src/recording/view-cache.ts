// Serialized views of finished tasks, so reading one costs about what sending its bytes costs. A finished task's
// invoices, counts and status never change; only its `retries` list grows when POST …/retry-failed makes a task
// from it. That forgets the view here and, through NOTIFY (TASK_CHANGED_CHANNEL), in every other process.
// Bounded by bytes, least recently used out first; the owner is checked on every hit. A view is kept per language
// (its error's words differ); forgetting a task forgets it in both.
import type { Lang } from '../i18n/index.ts'

/** NOTIFY channel telling every gateway process that a task's view changed (payload: the task id). */
export const TASK_CHANGED_CHANNEL = 'ruzhang_task_changed'

export class FinishedTaskViews {
  /** Insertion order is use order: a hit moves its entry to the end, eviction takes from the front. */
  private readonly views = new Map<string, { clientId: string; body: string }>()
  private bytes = 0
  /** Bumped by every forget(): a view read before it may be stale and is not stored (see ticket()). */
  private epoch = 0

  constructor(private readonly maxBytes: number) {}

  /** The view of task `id` for `clientId`, if cached; another client's task is a miss (the database then says 404). */
  get(id: string, clientId: string, lang: Lang): string | undefined {
    const key = `${id}/${lang}`
    const hit = this.views.get(key)
    if (!hit || hit.clientId !== clientId) return undefined
    this.views.delete(key)
    this.views.set(key, hit)
    return hit.body
  }

  /** Taken before reading a task from the database; set() refuses a view read before a forget(). */
  ticket(): number {
    return this.epoch
  }

  set(id: string, clientId: string, lang: Lang, body: string, ticket: number): void {
    if (ticket !== this.epoch || body.length > this.maxBytes) return
    this.drop(`${id}/${lang}`)
    this.views.set(`${id}/${lang}`, { clientId, body })
    this.bytes += body.length
    for (const [oldest, view] of this.views) {
      if (this.bytes <= this.maxBytes) break
      this.views.delete(oldest)
      this.bytes -= view.body.length
    }
  }

  /** The task's view changed (a NOTIFY payload, or this process's own change). */
  forget(id: string): void {
    this.epoch++
    this.drop(`${id}/en`)
    this.drop(`${id}/zh`)
  }

  private drop(key: string): void {
    const old = this.views.get(key)
    if (!old) return
    this.views.delete(key)
    this.bytes -= old.body.length
  }
}
