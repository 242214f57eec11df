/**
 * Lua scripts of the Redis two-factor store. Each PIN operation is one script,
 * hence atomic and one round trip; the caller's clock comes in ARGV, never from
 * Redis `TIME`.
 *
 * Scripts that find keys through a PIN take the store's key prefix as `KEYS[1]`
 * (so that a client `keyPrefix` applies to it as to every other key) and build
 * the key names from it. On Redis Cluster, give the store a prefix with a hash
 * tag (`{2fa}:`) so that all its keys share one slot.
 *
 * Key layout under the prefix (`%` and `:` in ids are escaped as `%25`, `%3A`):
 * - `pin:{pinId}` hash, the PIN record; TTL until `keepUntil`;
 * - `pins:{applicationId}:{to}` list of pinIds, oldest first; TTL until the latest `keepUntil`;
 * - `win:app:{applicationId}`, `win:dest:{applicationId}:{to}`, `win:verify:{applicationId}:{to}`
 *   hashes `{c: count, r: resetAt}`, the fixed windows; TTL until `r`.
 */

/** Helpers shared by the PIN scripts. */
const PRELUDE = `
local prefix = KEYS[1]
local ESCAPES = { ['%'] = '%25', [':'] = '%3A' }
local function esc(id)
  return (string.gsub(id, '[%%:]', ESCAPES))
end
local function pinKey(pinId)
  return prefix .. 'pin:' .. pinId
end
local function pinsKey(app, to)
  return prefix .. 'pins:' .. esc(app) .. ':' .. esc(to)
end
local function windowKey(kind, app, to)
  local key = prefix .. 'win:' .. kind .. ':' .. esc(app)
  if to then key = key .. ':' .. esc(to) end
  return key
end
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
-- A window opens at its first event; its TTL (relative to the caller's now, which
-- never runs slower than real time) can't end it before resetAt.
local function count(key, window, windowMs, now)
  if window then
    redis.call('HINCRBY', key, 'c', 1)
  else
    redis.call('HSET', key, 'c', 1, 'r', string.format('%.0f', now + windowMs))
    redis.call('PEXPIRE', key, windowMs)
  end
end
-- Counts a send in the application's and the destination's windows, or answers the
-- milliseconds until both admit one (counting nothing). l: appCount, appWindowMs,
-- destCount, destWindowMs.
local function admitSend(app, to, l, now)
  local appKey, destKey = windowKey('app', app), windowKey('dest', app, to)
  local appWindow, destWindow = openWindow(appKey, now), openWindow(destKey, now)
  local retry = math.max(refusal(appWindow, l[1], now), refusal(destWindow, l[3], now))
  if retry > 0 then return retry end
  count(appKey, appWindow, l[2], now)
  count(destKey, destWindow, l[4], now)
  return 0
end
local function limits(from)
  return { tonumber(ARGV[from]), tonumber(ARGV[from + 1]), tonumber(ARGV[from + 2]), tonumber(ARGV[from + 3]) }
end
`;

/**
 * `createPin`. KEYS: prefix. ARGV: now, appCount, appWindowMs, destCount,
 * destWindowMs, then the record's field/value pairs (pinId, applicationId, to and
 * keepUntil among them). Answers `{1}` once stored and counted, `{0, retryAfterMs}`
 * when a send window is full (nothing changed).
 */
export const CREATE_PIN_LUA = `${PRELUDE}
local now = tonumber(ARGV[1])
local pin = {}
for i = 6, #ARGV, 2 do pin[ARGV[i]] = ARGV[i + 1] end
local retry = admitSend(pin.applicationId, pin.to, limits(2), now)
if retry > 0 then return { 0, retry } end
local ttl = tonumber(pin.keepUntil) - now
if ttl > 0 then
  local key, list = pinKey(pin.pinId), pinsKey(pin.applicationId, pin.to)
  redis.call('DEL', key)
  redis.call('HSET', key, unpack(ARGV, 6))
  redis.call('PEXPIRE', key, ttl)
  -- PINs of a destination mostly expire in send order: drop the ones Redis has
  -- already forgotten from the head (listPins removes the others).
  for _ = 1, 8 do
    local head = redis.call('LINDEX', list, 0)
    if not head or redis.call('EXISTS', pinKey(head)) == 1 then break end
    redis.call('LPOP', list)
  end
  redis.call('RPUSH', list, pin.pinId)
  if redis.call('PTTL', list) < ttl then redis.call('PEXPIRE', list, ttl) end
end
return { 1 }
`;

/**
 * `resendPin`. KEYS: prefix. ARGV: pinId, now, appCount, appWindowMs, destCount,
 * destWindowMs. Answers `{'resent', record as HGETALL}`, `{'rate_limited',
 * retryAfterMs}` or `{status}` for not_found, expired, verified, locked.
 */
export const RESEND_PIN_LUA = `${PRELUDE}
local now = tonumber(ARGV[2])
local flat = redis.call('HGETALL', pinKey(ARGV[1]))
local pin = {}
for i = 1, #flat, 2 do pin[flat[i]] = flat[i + 1] end
local keepUntil = tonumber(pin.keepUntil)
if keepUntil == nil or keepUntil <= now then return { 'not_found' } end
if tonumber(pin.expiresAt) <= now then return { 'expired' } end
if pin.verifiedAt then return { 'verified' } end
if tonumber(pin.attemptsRemaining) <= 0 then return { 'locked' } end
local retry = admitSend(pin.applicationId, pin.to, limits(3), now)
if retry > 0 then return { 'rate_limited', retry } end
return { 'resent', flat }
`;

/**
 * `verifyPin`. KEYS: prefix. ARGV: pinId, correct (1 when the engine found the
 * candidate right, else 0), now. Answers `{'not_found'}`, `{'rate_limited',
 * retryAfterMs}` or `{status, to, attemptsRemaining}` with status expired,
 * no_attempts, wrong or verified; the checks run in that order. Redis never sees
 * a PIN nor anything it could be derived from.
 */
export const VERIFY_PIN_LUA = `${PRELUDE}
local now = tonumber(ARGV[3])
local key = pinKey(ARGV[1])
local f = redis.call('HMGET', key, 'keepUntil', 'applicationId', 'to', 'verifyLimitCount',
  'verifyLimitWindowMs', 'expiresAt', 'attemptsRemaining', 'allowMultipleVerifications', 'verifiedAt')
local keepUntil = tonumber(f[1])
if keepUntil == nil or keepUntil <= now then return { 'not_found' } end
local to = f[3]
local verifyKey = windowKey('verify', f[2], to)
local window = openWindow(verifyKey, now)
local retry = refusal(window, tonumber(f[4]), now)
if retry > 0 then return { 'rate_limited', retry } end
count(verifyKey, window, tonumber(f[5]), now)
local attempts = tonumber(f[7])
if tonumber(f[6]) <= now then return { 'expired', to, attempts } end
if attempts <= 0 then return { 'no_attempts', to, 0 } end
if ARGV[2] ~= '1' then
  return { 'wrong', to, redis.call('HINCRBY', key, 'attemptsRemaining', -1) }
end
if not f[9] then redis.call('HSET', key, 'verifiedAt', ARGV[3]) end
if f[8] ~= '1' then
  redis.call('HSET', key, 'attemptsRemaining', 0)
  attempts = 0
end
return { 'verified', to, attempts }
`;

/**
 * `listPins`. KEYS: prefix. ARGV: applicationId, to, now. Answers the live
 * records (HGETALL arrays), oldest first, and drops from the list the pinIds
 * whose record Redis has already forgotten.
 */
export const LIST_PINS_LUA = `${PRELUDE}
local now = tonumber(ARGV[3])
local list = pinsKey(ARGV[1], ARGV[2])
local pins = {}
for _, pinId in ipairs(redis.call('LRANGE', list, 0, -1)) do
  local flat = redis.call('HGETALL', pinKey(pinId))
  if #flat == 0 then
    redis.call('LREM', list, 1, pinId)
  else
    for i = 1, #flat, 2 do
      if flat[i] == 'keepUntil' and tonumber(flat[i + 1]) > now then pins[#pins + 1] = flat end
    end
  end
end
return pins
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
