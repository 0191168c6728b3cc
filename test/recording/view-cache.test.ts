// The finished-task cache on its own: bounded by size, least recently read out first, owner checked, and a view
// read before a forget() never stored (the race between a read and a retry made elsewhere).
import { describe, expect, it } from 'vitest'
import { FinishedTaskViews } from '../../src/recording/view-cache.ts'

describe('finished task views', () => {
  it('answer only the owner', () => {
    const views = new FinishedTaskViews(1000)
    views.set('t1', 'client-a', 'en', '{"id":"t1"}', views.ticket())
    expect(views.get('t1', 'client-a', 'en')).toBe('{"id":"t1"}')
    expect(views.get('t1', 'client-b', 'en')).toBeUndefined()
  })

  it('stay within their size, dropping the least recently read first', () => {
    const views = new FinishedTaskViews(30)
    const body = (c: string) => c.repeat(10)
    for (const id of ['a', 'b', 'c']) views.set(id, 'x', 'en', body(id), views.ticket())
    expect(views.get('a', 'x', 'en')).toBe(body('a')) // a is now the most recently read
    views.set('d', 'x', 'en', body('d'), views.ticket())
    expect(['a', 'b', 'c', 'd'].map((id) => views.get(id, 'x', 'en') !== undefined)).toEqual([true, false, true, true])
    views.set('huge', 'x', 'en', 'h'.repeat(31), views.ticket())
    expect(views.get('huge', 'x', 'en')).toBeUndefined()
    expect(views.get('d', 'x', 'en')).toBe(body('d'))
  })

  it('forget a view, and refuse one read before the forget', () => {
    const views = new FinishedTaskViews(1000)
    views.set('t1', 'x', 'en', 'old', views.ticket())
    const readBefore = views.ticket()
    views.forget('t1')
    expect(views.get('t1', 'x', 'en')).toBeUndefined()
    views.set('t1', 'x', 'en', 'stale', readBefore)
    expect(views.get('t1', 'x', 'en')).toBeUndefined()
    views.set('t1', 'x', 'en', 'fresh', views.ticket())
    expect(views.get('t1', 'x', 'en')).toBe('fresh')
  })

  it('keep a view per language, and forget both at once', () => {
    const views = new FinishedTaskViews(1000)
    views.set('t1', 'x', 'en', 'english', views.ticket())
    expect(views.get('t1', 'x', 'zh')).toBeUndefined()
    views.set('t1', 'x', 'zh', 'chinese', views.ticket())
    expect([views.get('t1', 'x', 'en'), views.get('t1', 'x', 'zh')]).toEqual(['english', 'chinese'])
    views.forget('t1')
    expect([views.get('t1', 'x', 'en'), views.get('t1', 'x', 'zh')]).toEqual([undefined, undefined])
  })
})
