// The tests' one polling loop: for a condition that holds eventually (a task's status, a run's state, a line of
// output). Where only a condition is asserted, `expect.poll` serves as well; this one returns the value that met it.

export interface PollOptions {
  /** Gives up after this long (default 10 s). */
  timeoutMs?: number
  /** Waits this long between reads (default 25 ms). */
  intervalMs?: number
  /** What is awaited, for the error when it does not come. */
  what?: string
}

/** Reads `read()` until `done(value)` holds and returns that value; throws with the last value read after `timeoutMs`. */
export async function poll<T, U extends T>(read: () => T | Promise<T>, done: (value: T) => value is U, options?: PollOptions): Promise<U>
export async function poll<T>(read: () => T | Promise<T>, done: (value: T) => boolean, options?: PollOptions): Promise<T>
export async function poll<T>(read: () => T | Promise<T>, done: (value: T) => boolean, { timeoutMs = 10_000, intervalMs = 25, what = 'the condition' }: PollOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  while (Date.now() < deadline) {
    last = await read()
    if (done(last)) return last
    await new Promise((r) => setTimeout(r, intervalMs))
  }
  throw new Error(`${what} did not come in ${timeoutMs} ms; last: ${JSON.stringify(last)}`)
}
