// The vendor's business objects (docs/PIAOZONE.md §4–§7), in the shape the client returns them.

/** 入账状态: 01 未入账, 02 已入账(税前扣除), 03 已入账(不扣除), 06 入账撤销. */
export type EntryMarkStatus = '01' | '02' | '03' | '06'
/** The 入账状态 a 4.16 call may ask for: every one but 01. */
export type EntryMarkTarget = Exclude<EntryMarkStatus, '01'>

export interface RecordedInvoiceInput {
  /** Sent as both `serilNo` and `serialNo`; absent: neither key is sent. */
  serialNo?: string
  invoiceNo: string
  invoiceCode?: string
  recordedTime: string
  recordedPeriod: string
}

export interface InvoiceRecordedRequest {
  taxNo: string
  nextEntryMarkStatus: EntryMarkTarget
  invoices: RecordedInvoiceInput[]
}

export interface TaxLoginResult {
  loginType?: string
  needAuth: boolean
  loginWebUrl?: string
  companyName?: string
  taxNo?: string
  /** Every field the vendor returned, for whoever needs more than the above. */
  raw: Record<string, unknown>
}

export interface RecordedOutcome {
  serialNo: string
  invoiceNo: string
  invoiceCode: string
  invoiceType?: string
  invoiceDate?: string
  etaxInvoiceNo?: string
  preEntryMarkStatus?: string
  entryMarkStatus?: string
  /** Only on failed items: the value of the vendor's reason field, whatever it is named. */
  failReason?: string
  raw: Record<string, unknown>
}

export interface RecordedQueryPage {
  success: RecordedOutcome[]
  fail: RecordedOutcome[]
}

/** One e-tax account of a tax number (设置类 3.4), the vendor's codes as sent. */
export interface EtaxAccount {
  etaxAccount: string
  /** 税局权限: 1 开票, 2 收票, 3 开票+收票, 4 neither. */
  etaxAccountType: string
  /** 1: the default account. */
  defaultFlag: string
  /** 默认业务: 0 none, 1 开票, 2 收票, 3 开票+收票. */
  defaultType: string
}

export interface CallRecord {
  interfaceCode: string
  requestId: string
  durationMs: number
  /** `0000` on success, the vendor's code on a refusal, or our error code when the vendor did not answer. */
  resultCode: string
  errorMessage?: string
  context?: string
  /** The piaozone account that made the call (PiaozoneAccounts adds it). */
  account?: string
}
