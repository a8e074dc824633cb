/** Every failure wiredesk reports carries one of these codes; callers test `code`, never text. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_UNREADABLE'
  | 'FETCH_TIMEOUT'
  | 'FETCH_TOO_LARGE'
  | 'FETCH_HTTP_STATUS'
  | 'FETCH_TOO_MANY_REDIRECTS'
  | 'FETCH_NETWORK'
  | 'FETCH_BAD_URL'
  | 'FETCH_NOT_FOUND'
  | 'FETCH_EMPTY'
  | 'FETCH_FORBIDDEN'
  | 'DECODE_FAILED'
  | 'PARSE_UNKNOWN_FORMAT'
  | 'PARSE_INVALID'
  | 'PARSE_TOO_LARGE'
  | 'SCRAPE_FAILED'
  | 'STORE_FAILED'
  | 'STORE_LOCKED'
  | 'EMIT_FAILED'
  | 'HTTP_LISTEN_FAILED'
  | 'CURATE_BAD_QUERY'
  | 'SEARCH_TIMEOUT'
  | 'INTERNAL';

export class WiredeskError extends Error {
  readonly code: ErrorCode;
  readonly status: number | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WiredeskError';
    this.code = code;
    this.status = options.status;
  }
}

/** Turns anything thrown into a WiredeskError, keeping the original as `cause`. */
export function coerceError(err: unknown, fallback: ErrorCode = 'INTERNAL', stage = 'internal'): WiredeskError {
  if (err instanceof WiredeskError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new WiredeskError(fallback, `${stage}: ${message}`, { cause: err });
}

export function isWiredeskError(err: unknown, code?: ErrorCode): err is WiredeskError {
  return err instanceof WiredeskError && (code === undefined || err.code === code);
}
