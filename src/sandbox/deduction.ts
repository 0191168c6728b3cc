// What the deduction interfaces do once their envelope is accepted (envelope.ts): taxLogin, 4.16
// invoiceRecorded (submit 入账 changes against the pool, as a task) and 4.17 invoiceRecordedQuery (read the task).
import { asString, isRecord } from '../guards.ts'
import { isEntryMarkTarget, TRANSITIONS } from '../piaozone/entry-mark.ts'
import { type Answer, ok, refuse, SANDBOX_ERRORS, type SandboxContext } from './answers.ts'
import type { PoolInvoice, SandboxModes, SandboxState, TaskItem, TaxNoProfile } from './state.ts'

export function taxLogin({ state, codec, prefix, origin }: SandboxContext, taxNo: string, profile: TaxNoProfile): Answer {
  const flags = (needAuth: boolean, loginType: number) => flagFields(state.modes.flagStyle, needAuth, loginType)
  if (profile.needAuth) {
    return ok(codec, { ...flags(true, 2), loginWebUrl: `${origin()}${prefix}/etax-login?taxNo=${taxNo}`, taxNo, companyName: profile.companyName })
  }
  profile.sessionExpired = false
  return ok(codec, {
    ...flags(false, 1), loginWebUrl: '', companyName: profile.companyName, companyType: '1',
    etaxAccountType: '1', taxNo, skssq: '202511', gxrqfw: '20251101-20251130', city: '深圳',
  })
}

/** needAuth and loginType as modes.flagStyle writes them. */
function flagFields(style: SandboxModes['flagStyle'], needAuth: boolean, loginType: number): Record<string, unknown> {
  if (style === 'url_only') return { loginType }
  const written = { boolean: needAuth, number: needAuth ? 1 : 0, string: needAuth ? '1' : '0', yn: needAuth ? 'Y' : 'N' }[style]
  return { needAuth: written, loginType: style === 'number' ? loginType : String(loginType) }
}

/** modes.throttle: true when this 4.16 call is over the limit (and so is not counted). */
function throttled(state: SandboxState): boolean {
  const throttle = state.modes.throttle
  if (!throttle) return false
  const now = state.now()
  state.submitTimes = state.submitTimes.filter((t) => now - t < throttle.windowMs)
  if (state.submitTimes.length >= throttle.limit) return true
  state.submitTimes.push(now)
  return false
}

export function invoiceRecorded({ state, codec }: SandboxContext, taxNo: string, profile: TaxNoProfile, data: Record<string, unknown>): Answer {
  if (state.modes.throttle && throttled(state)) return refuse(state.modes.throttle.answer.errorCode, state.modes.throttle.answer.message)
  if (profile.channelUnsupported) return refuse(SANDBOX_ERRORS.channelUnsupported, '该组织的收票通道不支持税局入账操作')
  const next = asString(data.nextEntryMarkStatus)
  if (!isEntryMarkTarget(next)) return refuse(SANDBOX_ERRORS.badEnvelope, '参数错误：nextEntryMarkStatus只能为02、03或06')
  const invoices: unknown[] = Array.isArray(data.invoices) ? data.invoices : []
  if (invoices.length === 0) return refuse(SANDBOX_ERRORS.badEnvelope, '参数错误：invoices不能为空')
  if (invoices.length > state.maxBatchSize) return refuse(SANDBOX_ERRORS.badEnvelope, `参数错误：invoices单次最多${state.maxBatchSize}条`)
  const today = new Date(state.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')
  const items = invoices.map((sent): TaskItem => {
    const inv = isRecord(sent) ? sent : {}
    const sentSerial = asString(inv.serilNo) ?? asString(inv.serialNo) ?? ''
    const invoiceNo = asString(inv.invoiceNo) ?? ''
    const invoiceCode = asString(inv.invoiceCode) ?? ''
    const pooled: PoolInvoice | undefined = state.getInvoice(taxNo, invoiceNo, invoiceCode)
    const poolSerials = state.modes.serials === 'pool'
    const item = {
      serialNo: poolSerials ? (pooled?.serialNo ?? '') : sentSerial, invoiceNo, invoiceCode, ok: false,
      invoiceType: pooled?.invoiceType ?? '', invoiceDate: pooled?.invoiceDate ?? '',
      preEntryMarkStatus: pooled?.entryMarkStatus ?? '', entryMarkStatus: pooled?.entryMarkStatus ?? '',
    }
    const recordedTime = asString(inv.recordedTime) ?? ''
    const reason = !invoiceNo ? '发票号码不能为空'
      : !pooled ? '未在收票池中找到该发票，请先采集发票'
      : poolSerials && sentSerial && sentSerial !== pooled.serialNo ? '流水号serilNo与收票池中的发票不一致'
      : !/^\d{8}$/.test(recordedTime) || recordedTime > today ? '入账时间格式错误或晚于当前日期'
      : !TRANSITIONS[pooled.entryMarkStatus].includes(next) ? `发票当前入账状态为${pooled.entryMarkStatus}，不能变更为${next}`
      : undefined
    if (reason || !pooled) return { ...item, reason }
    pooled.entryMarkStatus = next
    return { ...item, ok: true, entryMarkStatus: next }
  })
  const taskNo = state.nextTaskNo()
  state.tasks.set(taskNo, { taskNo, taxNo, items, createdAt: state.now(), readyAt: state.now() + state.taskDelayMs, pollsUntilReady: state.taskPolls, polls: 0, revealed: 0 })
  return ok(codec, { taskNo })
}

export function invoiceRecordedQuery({ state, codec }: SandboxContext, taxNo: string, data: Record<string, unknown>): Answer {
  const task = state.tasks.get(asString(data.taskNo) ?? '')
  const hidden = task && state.now() < task.createdAt + state.modes.taskHiddenMs
  if (!task || task.taxNo !== taxNo || hidden) return refuse(SANDBOX_ERRORS.taskNotFound, '未查询到相关任务，请确认请求税号或任务号是否正确')
  const pageNo = Number(data.pageNo ?? 1)
  const pageSize = Number(data.pageSize ?? 200)
  if (!Number.isInteger(pageNo) || pageNo < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    return refuse(SANDBOX_ERRORS.badEnvelope, '参数错误：pageNo须大于0，pageSize须在1到1000之间')
  }
  task.polls++
  // Still processing: the vendor has no documented flag for it, so the lists are empty, or (a mode) a refusal.
  if (task.polls < task.pollsUntilReady || state.now() < task.readyAt) {
    const busy = state.modes.processingAnswer
    return busy ? refuse(busy.errorCode, busy.message) : ok(codec, { success: [], fail: [] })
  }
  // modes.resultsPerPoll: every new read (page 1) shows that many more results.
  const step = state.modes.resultsPerPoll
  if (pageNo === 1) task.revealed = step ? Math.min(task.items.length, task.revealed + step) : task.items.length
  const page = task.items.slice(0, task.revealed).slice((pageNo - 1) * pageSize, pageNo * pageSize)
  const common = (i: TaskItem) => ({
    serialNo: i.serialNo, invoiceType: i.invoiceType, invoiceCode: i.invoiceCode,
    etaxInvoiceNo: i.invoiceNo.length === 20 ? i.invoiceNo : '', invoiceNo: i.invoiceNo, invoiceDate: i.invoiceDate,
  })
  return ok(codec, {
    success: page.filter((i) => i.ok).map((i) => ({ ...common(i), preEntryMarkStatus: i.preEntryMarkStatus, entryMarkStatus: i.entryMarkStatus })),
    fail: page.filter((i) => !i.ok).map((i) => ({ ...common(i), entryMarkStatus: i.entryMarkStatus, [state.failReasonField]: i.reason })),
  })
}
