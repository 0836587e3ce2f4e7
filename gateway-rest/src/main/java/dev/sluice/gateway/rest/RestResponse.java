package dev.sluice.gateway.rest;

/**
 * One HTTP answer, read in full: the status, the rate-limit headers and the body. Made by {@link
 * HttpExchange} on an event loop; immutable.
 */
record RestResponse(int status, RateLimitHeaders limits, byte[] body) {

  boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** 401, 403 and 429 count against Discord's invalid-request limit; a shared 429 does not. */
  boolean isInvalidRequest() {
    if (status == 429) {
      return limits.scope() != RateLimitHeaders.Scope.SHARED;
    }
    return status == 401 || status == 403;
  }
}
