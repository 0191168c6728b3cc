// One small family for everything that can go wrong talking to piaozone. The client only says what happened
// (and, for transport failures, whether the vendor may have received the request); what the gateway does about
// it depends on the operation and lives in src/recording/vendor-answers.ts.
import { t } from '../i18n/index.ts'

export type PiaozoneErrorCode = 'UPSTREAM_TRANSPORT' | 'UPSTREAM_PROTOCOL' | 'UPSTREAM_AUTH' | 'UPSTREAM_REJECTED'

export abstract class PiaozoneError extends Error {
  abstract readonly code: PiaozoneErrorCode
}

/**
 * `no_token`: getting an access token failed on a garbled answer, so the call itself was never sent. `no_account`: no
 * piaozone account of the gateway serves the tax number, so nothing was sent either.
 */
export type TransportFailure = 'connect' | 'connect_timeout' | 'response_timeout' | 'connection_dropped' | 'http_status' | 'no_token' | 'no_account'

/** Could not talk to the vendor. `maybeDelivered` says whether the vendor may have received the request. */
export class TransportError extends PiaozoneError {
  readonly code = 'UPSTREAM_TRANSPORT'
  constructor(
    readonly failure: TransportFailure,
    readonly maybeDelivered: boolean,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

/** The vendor answered with something that is not the documented envelope (garbled, a 4xx, a redirect). */
export class ProtocolError extends PiaozoneError {
  readonly code = 'UPSTREAM_PROTOCOL'
  constructor(
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message)
    this.name = 'ProtocolError'
  }
}

/** Credentials refused, or an access token refused again right after a fresh login: an operator problem. */
export class AuthError extends PiaozoneError {
  readonly code = 'UPSTREAM_AUTH'
  constructor(
    readonly vendorCode: string,
    readonly vendorMessage: string,
    readonly stage: 'app_token' | 'login' | 'access_token',
  ) {
    super(t('piaozone refused the {stage}: {vendorCode} {vendorMessage}', { stage: stage.replace('_', ' '), vendorCode, vendorMessage }).en)
    this.name = 'AuthError'
  }
}

/** The vendor understood and said no. Its code and Chinese message are kept verbatim. */
export class BusinessError extends PiaozoneError {
  readonly code = 'UPSTREAM_REJECTED'
  constructor(
    readonly vendorCode: string,
    readonly vendorMessage: string,
    readonly interfaceCode: string,
    /** The tax-bureau session of the tax number is gone; a taxLogin check must succeed before retrying. */
    readonly needsTaxLogin = false,
  ) {
    super(t('piaozone {interfaceCode} answered {vendorCode}: {vendorMessage}', { interfaceCode, vendorCode, vendorMessage }).en)
    this.name = 'BusinessError'
  }
}

/**
 * A failed piaozone call as whoever tells a person about it sees it (an API error, a task's error, a tax number's
 * check): `refused`, the vendor said no; `auth`, it refused the gateway's credentials; `unavailable`, it could not be
 * reached or answered garbled. The first two carry the vendor's own code and message. Undefined: not a vendor failure.
 */
export type VendorFailure =
  | { kind: 'refused'; error: BusinessError; vendorCode: string; vendorMessage: string }
  | { kind: 'auth'; error: AuthError; vendorCode: string; vendorMessage: string }
  | { kind: 'unavailable'; error: PiaozoneError }

export function vendorFailure(err: unknown): VendorFailure | undefined {
  if (err instanceof BusinessError) return { kind: 'refused', error: err, vendorCode: err.vendorCode, vendorMessage: err.vendorMessage }
  if (err instanceof AuthError) return { kind: 'auth', error: err, vendorCode: err.vendorCode, vendorMessage: err.vendorMessage }
  if (err instanceof PiaozoneError) return { kind: 'unavailable', error: err }
  return undefined
}
