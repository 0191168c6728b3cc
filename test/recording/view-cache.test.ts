// The finished-task cache on its own: bounded by size, least recently read out first, owner checked, and a view
// read before a forget() never stored (the race between a read and a retry made elsewhere).
import { describe, expect, it } from 'vitest'
import { FinishedTaskViews } from '../../src/recording/view-cache.ts'

describe('finished task views', () => {
  it('answer only the owner', () => {
    const views = new FinishedTaskViews(1000)
    views.set('t1', 'client-a', '{"id":"t1"}', views.ticket())
    expect(views.get('t1', 'client-a')).toBe('{"id":"t1"}')
    expect(views.get('t1', 'client-b')).toBeUndefined()
  })

  it('stay within their size, dropping the least recently read first', () => {
    const views = new FinishedTaskViews(30)
    const body = (c: string) => c.repeat(10)
    for (const id of ['a', 'b', 'c']) views.set(id, 'x', body(id), views.ticket())
    expect(views.get('a', 'x')).toBe(body('a')) // a is now the most recently read
    views.set('d', 'x', body('d'), views.ticket())
    expect(['a', 'b', 'c', 'd'].map((id) => views.get(id, 'x') !== undefined)).toEqual([true, false, true, true])
    views.set('huge', 'x', 'h'.repeat(31), views.ticket())
    expect(views.get('huge', 'x')).toBeUndefined()
    expect(views.get('d', 'x')).toBe(body('d'))
  })

  it('forget a view, and refuse one read before the forget', () => {
    const views = new FinishedTaskViews(1000)
    views.set('t1', 'x', 'old', views.ticket())
    const readBefore = views.ticket()
    views.forget('t1')
    expect(views.get('t1', 'x')).toBeUndefined()
    views.set('t1', 'x', 'stale', readBefore)
    expect(views.get('t1', 'x')).toBeUndefined()
    views.set('t1', 'x', 'fresh', views.ticket())
    expect(views.get('t1', 'x')).toBe('fresh')
  })
})
