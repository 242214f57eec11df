/**
 * Lua scripts of the Redis two-factor store. Each is atomic and one round trip;
 * the caller's clock comes in ARGV, never from Redis `TIME`. Every key a script
 * touches comes in KEYS and shares one hash tag (see `TwoFactorKeys`), so the
 * scripts run on Redis Cluster; an operation that needs keys of two slots (a send
 * counts in its application's window and in its destination's) runs one script
 * per slot.
 */

/** Window helpers: hashes `{c: count, r: resetAt}`. */
const WINDOWS = `
-- The window of key still open at now, as {count, resetAt}; nil once it has passed
-- on the caller's clock, whether or not Redis has dropped it yet.
local function openWindow(key, now)
  local w = redis.call('HMGET', key, 'c', 'r')
  local c, r = tonumber(w[1]), tonumber(w[2])
  if c == nil or r == nil or r <= now then return nil end
  return { c, r }
end
-- Milliseconds until the window admits one more event; 0 when it admits one now.
local function refusal(window, limit, now)
  if window and window[1] >= limit then return window[2] - now end
  return 0
end
-- Counts an event; a window opens at its first event. Its TTL (relative to the
-- caller's now, which never runs slower than real time) can't end it before
-- resetAt. Answers the window's resetAt.
local function count(key, window, windowMs, now)
  if window then
    redis.call('HINCRBY', key, 'c', 1)
    return window[2]
  end
  local resetAt = string.format('%.0f', now + windowMs)
  redis.call('HSET', key, 'c', 1, 'r', resetAt)
  redis.call('PEXPIRE', key, windowMs)
  return resetAt
end
`;

/**
 * Counts one event in a window, or refuses it. KEYS: window. ARGV: now, count,
 * windowMs. Answers `{0, resetAt}` once counted, `{retryAfterMs}` when full.
 */
export const ADMIT_LUA = `${WINDOWS}
local now = tonumber(ARGV[1])
local window = openWindow(KEYS[1], now)
local retry = refusal(window, tonumber(ARGV[2]), now)
if retry > 0 then return { retry } end
return { 0, count(KEYS[1], window, tonumber(ARGV[3]), now) }
`;

/**
 * Takes back an event counted by {@link ADMIT_LUA} whose operation another slot
 * refused, if its window is still the same. KEYS: window. ARGV: resetAt.
 */
export const REFUND_LUA = `
local w = redis.call('HMGET', KEYS[1], 'c', 'r')
if w[2] == ARGV[1] and tonumber(w[1]) > 0 then redis.call('HINCRBY', KEYS[1], 'c', -1) end
return 1
`;

/**
 * `createPin`, on the destination's slot (the application's window was counted
 * before). KEYS: pin, pins list, destination window. ARGV: now, destCount,
 * destWindowMs, then the record's field/value pairs (pinId and keepUntil among
 * them). Answers `{0}` once stored and counted, `{retryAfterMs}` when the
 * destination's window is full (nothing changed).
 */
export const CREATE_PIN_LUA = `${WINDOWS}
local now = tonumber(ARGV[1])
local pin = {}
for i = 4, #ARGV, 2 do pin[ARGV[i]] = ARGV[i + 1] end
local window = openWindow(KEYS[3], now)
local retry = refusal(window, tonumber(ARGV[2]), now)
if retry > 0 then return { retry } end
count(KEYS[3], window, tonumber(ARGV[3]), now)
local ttl = tonumber(pin.keepUntil) - now
if ttl > 0 then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], unpack(ARGV, 4))
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('RPUSH', KEYS[2], pin.pinId)
  if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
end
return { 0 }
`;

/**
 * `resendPin`, on the destination's slot. KEYS: pin, destination window. ARGV:
 * now, destCount, destWindowMs. Answers `{'resent', record as HGETALL, resetAt}`,
 * `{'rate_limited', retryAfterMs}` or `{status}` for not_found, expired,
 * verified, locked.
 */
export const RESEND_PIN_LUA = `${WINDOWS}
local now = tonumber(ARGV[1])
local flat = redis.call('HGETALL', KEYS[1])
local pin = {}
for i = 1, #flat, 2 do pin[flat[i]] = flat[i + 1] end
local keepUntil = tonumber(pin.keepUntil)
if keepUntil == nil or keepUntil <= now then return { 'not_found' } end
if tonumber(pin.expiresAt) <= now then return { 'expired' } end
if pin.verifiedAt then return { 'verified' } end
if tonumber(pin.attemptsRemaining) <= 0 then return { 'locked' } end
local window = openWindow(KEYS[2], now)
local retry = refusal(window, tonumber(ARGV[2]), now)
if retry > 0 then return { 'rate_limited', retry } end
return { 'resent', flat, count(KEYS[2], window, tonumber(ARGV[3]), now) }
`;

/**
 * `verifyPin`. KEYS: pin, destination's verify window. ARGV: correct (1 when the
 * engine found the candidate right, else 0), now. Answers `{'not_found'}`,
 * `{'rate_limited', retryAfterMs}` or `{status, to, attemptsRemaining}` with status
 * expired, no_attempts, wrong or verified; the checks run in that order. Redis
 * never sees a PIN nor anything it could be derived from.
 */
export const VERIFY_PIN_LUA = `${WINDOWS}
local now = tonumber(ARGV[2])
local key = KEYS[1]
local f = redis.call('HMGET', key, 'keepUntil', 'to', 'verifyLimitCount', 'verifyLimitWindowMs',
  'expiresAt', 'attemptsRemaining', 'allowMultipleVerifications', 'verifiedAt')
local keepUntil = tonumber(f[1])
if keepUntil == nil or keepUntil <= now then return { 'not_found' } end
local to = f[2]
local window = openWindow(KEYS[2], now)
local retry = refusal(window, tonumber(f[3]), now)
if retry > 0 then return { 'rate_limited', retry } end
count(KEYS[2], window, tonumber(f[4]), now)
local attempts = tonumber(f[6])
if tonumber(f[5]) <= now then return { 'expired', to, attempts } end
if attempts <= 0 then return { 'no_attempts', to, 0 } end
if ARGV[1] ~= '1' then
  return { 'wrong', to, redis.call('HINCRBY', key, 'attemptsRemaining', -1) }
end
if not f[8] then redis.call('HSET', key, 'verifiedAt', ARGV[2]) end
if f[7] ~= '1' then
  redis.call('HSET', key, 'attemptsRemaining', 0)
  attempts = 0
end
return { 'verified', to, attempts }
`;

/**
 * Creates or replaces a record of a hash and remembers the creation order.
 * KEYS: hash, order list. ARGV: id, JSON.
 */
export const PUT_RECORD_LUA = `
if redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
return 1
`;

/** The records of a hash in creation order. KEYS: hash, order list. Answers JSON strings. */
export const LIST_RECORDS_LUA = `
local records = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local record = redis.call('HGET', KEYS[1], id)
  if record then records[#records + 1] = record end
end
return records
`;
