// One small family for everything that can go wrong talking to piaozone. Each error says whether a retry
// can help, so callers (the worker) decide by `retryable`, not by parsing messages.

export type PiaozoneErrorCode = 'UPSTREAM_TRANSPORT' | 'UPSTREAM_PROTOCOL' | 'UPSTREAM_AUTH' | 'UPSTREAM_REJECTED'

export abstract class PiaozoneError extends Error {
  abstract readonly code: PiaozoneErrorCode
  abstract readonly retryable: boolean
}

export type TransportFailure = 'connect' | 'connect_timeout' | 'response_timeout' | 'connection_dropped' | 'http_status'

/** Could not talk to the vendor. `maybeDelivered` says whether the vendor may have received the request. */
export class TransportError extends PiaozoneError {
  readonly code = 'UPSTREAM_TRANSPORT'
  readonly retryable = true
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

/** The vendor answered with something that is not the documented envelope. */
export class ProtocolError extends PiaozoneError {
  readonly code = 'UPSTREAM_PROTOCOL'
  constructor(
    message: string,
    // A garbled answer is usually a passing fault of a proxy or the vendor, so a retry may get a good one;
    // a 4xx or a redirect means the base URL is wrong, which no retry mends.
    readonly retryable = true,
  ) {
    super(message)
    this.name = 'ProtocolError'
  }
}

/** Credentials or token refused. Bad credentials are not retryable; a refused token already was retried once. */
export class AuthError extends PiaozoneError {
  readonly code = 'UPSTREAM_AUTH'
  readonly retryable = false
  constructor(
    readonly vendorCode: string,
    readonly vendorMessage: string,
    readonly stage: 'app_token' | 'login' | 'access_token',
  ) {
    super(`piaozone refused the ${stage.replace('_', ' ')}: ${vendorCode} ${vendorMessage}`)
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
    readonly retryable: boolean,
    /** The tax-bureau session of the tax number is gone; a taxLogin check must succeed before retrying. */
    readonly needsTaxLogin = false,
  ) {
    super(`piaozone ${interfaceCode} answered ${vendorCode}: ${vendorMessage}`)
    this.name = 'BusinessError'
  }
}
