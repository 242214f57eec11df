/**
 * Every error answer of the sample app: a status, a machine `code` and a human message.
 * The codes of DESIGN §3.5 (`bad_request`, `invalid_credentials`, `two_factor_required`,
 * `invalid_pin`, `pin_expired`, `too_many_attempts`, `rate_limited`, `no_challenge`,
 * `provider_unavailable`) plus `not_found`, `forbidden`, `cross_site_request` and `internal_error`.
 */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
}
