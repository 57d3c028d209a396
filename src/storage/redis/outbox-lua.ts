// The outbox's atomic steps as Lua, so that several bot processes on one Redis never lease one chat twice
// and never add a notice twice. Keys, under the prefix P (ARGV[1]):
//   P:ob:seq               notice ids (INCR)               P:ob:n:<id>     a notice (hash)
//   P:ob:k:<key>           dedupe key → id (SET NX)        P:ob:q:<chat>   the chat's open notices, by id
//   P:ob:wait              chat → due time of its head     P:ob:ready      chat → id of its due head
//   P:ob:leases            id → lease end                  P:ob:open       open ids (depth)
//   P:ob:b:<batch>         a batch's ids                   P:ob:u:<user>   a user's open ids
// A chat whose head is pending is in wait (not yet moved) or ready; a chat whose head is leased is in neither.
// Keys are built inside the scripts, so this needs a standalone Redis (or Sentinel), not a Cluster.
import { Script } from "./client.ts";

/** Fields a new notice takes in ARGV, from index i: key, chat, user, kind, payload, batch ("" = none). */
export const NOTICE_ARGS = 6;

const LIB = `
local P = ARGV[1]
local function nkey(id) return P .. ':ob:n:' .. id end
local function qkey(chat) return P .. ':ob:q:' .. chat end

local function schedule(chat)
  redis.call('ZREM', P .. ':ob:wait', chat)
  redis.call('ZREM', P .. ':ob:ready', chat)
  local head = redis.call('ZRANGE', qkey(chat), 0, 0)[1]
  if not head then return end
  local f = redis.call('HMGET', nkey(head), 'status', 'next')
  if f[1] == 'pending' then redis.call('ZADD', P .. ':ob:wait', f[2], chat) end
end

local function close(id)
  local f = redis.call('HMGET', nkey(id), 'chat', 'user')
  redis.call('ZREM', qkey(f[1]), id)
  redis.call('ZREM', P .. ':ob:open', id)
  redis.call('ZREM', P .. ':ob:leases', id)
  if f[2] and f[2] ~= '' then redis.call('ZREM', P .. ':ob:u:' .. f[2], id) end
  schedule(f[1])
end

local function insert(now, i)
  local key, chat, user, kind, payload, batch = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local kkey = P .. ':ob:k:' .. key
  if redis.call('EXISTS', kkey) == 1 then return 0 end
  local id = redis.call('INCR', P .. ':ob:seq')
  redis.call('SET', kkey, id, 'NX')
  redis.call('HSET', nkey(id), 'id', id, 'key', key, 'chat', chat, 'user', user, 'kind', kind, 'payload', payload,
    'batch', batch, 'status', 'pending', 'attempts', 0, 'created', now, 'next', now)
  redis.call('ZADD', qkey(chat), id, id)
  redis.call('ZADD', P .. ':ob:open', id, id)
  if user ~= '' then redis.call('ZADD', P .. ':ob:u:' .. user, id, id) end
  if batch ~= '' then redis.call('ZADD', P .. ':ob:b:' .. batch, id, id) end
  if redis.call('ZRANGE', qkey(chat), 0, 0)[1] == tostring(id) then schedule(chat) end
  return 1
end

local function insertAll(now, from)
  local added = 0
  for i = from, #ARGV, ${NOTICE_ARGS} do added = added + insert(now, i) end
  return added
end

local function releaseExpired(now)
  local ids = redis.call('ZRANGEBYSCORE', P .. ':ob:leases', '-inf', '(' .. now)
  for _, id in ipairs(ids) do
    redis.call('ZREM', P .. ':ob:leases', id)
    if redis.call('HGET', nkey(id), 'status') == 'sending' then
      redis.call('HSET', nkey(id), 'status', 'pending')
      redis.call('HDEL', nkey(id), 'lease')
      schedule(redis.call('HGET', nkey(id), 'chat'))
    end
  end
  return #ids
end
`;

const script = (body: string) => new Script(LIB + body);

/** ARGV: P, now, notices… → how many were new. */
export const ENQUEUE = script(`return insertAll(ARGV[2], 3)`);

/** ARGV: P, now, audit JSON ("" = none), notices… → how many were new. */
export const COMMIT_NOTICES = script(`
if ARGV[3] ~= '' then redis.call('RPUSH', P .. ':audit', ARGV[3]) end
return insertAll(ARGV[2], 4)`);

/** ARGV: P, now, change id, change at, change JSON, event id, override JSON, audit JSON, notices… → 1, or 0 if known. */
export const COMMIT_CHANGE = script(`
if redis.call('HEXISTS', P .. ':changes', ARGV[3]) == 1 then return 0 end
redis.call('HSET', P .. ':changes', ARGV[3], ARGV[5])
redis.call('ZADD', P .. ':changes:at', ARGV[4], ARGV[3])
redis.call('HSET', P .. ':overrides', ARGV[6], ARGV[7])
redis.call('RPUSH', P .. ':audit', ARGV[8])
insertAll(ARGV[2], 9)
return 1`);

/**
 * ARGV: P, now, reset overrides (1/0), mark ("" = none), audit JSON, mark time, change count n,
 * n × (change id, at, JSON), notices… → 1, or 0 (nothing written) if the mark or any change id is known.
 * No override is written: these changes are in the programme itself.
 */
export const COMMIT_CHANGES = script(`
local first, last = 8, 7 + 3 * tonumber(ARGV[7])
if ARGV[4] ~= '' and redis.call('HEXISTS', P .. ':marks', ARGV[4]) == 1 then return 0 end
for i = first, last, 3 do
  if redis.call('HEXISTS', P .. ':changes', ARGV[i]) == 1 then return 0 end
end
for i = first, last, 3 do
  redis.call('HSET', P .. ':changes', ARGV[i], ARGV[i + 2])
  redis.call('ZADD', P .. ':changes:at', ARGV[i + 1], ARGV[i])
end
if ARGV[4] ~= '' then redis.call('HSET', P .. ':marks', ARGV[4], ARGV[6]) end
if ARGV[3] == '1' then redis.call('DEL', P .. ':overrides') end
redis.call('RPUSH', P .. ':audit', ARGV[5])
insertAll(ARGV[2], last + 1)
return 1`);

/** ARGV: P, now, max, lease ms → the leased notices as HGETALL lists, oldest first. */
export const CLAIM = script(`
local now, max, lease = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
releaseExpired(ARGV[2])
for _, chat in ipairs(redis.call('ZRANGEBYSCORE', P .. ':ob:wait', '-inf', ARGV[2], 'LIMIT', 0, 10000)) do
  redis.call('ZREM', P .. ':ob:wait', chat)
  local head = redis.call('ZRANGE', qkey(chat), 0, 0)[1]
  if head then redis.call('ZADD', P .. ':ob:ready', head, chat) end
end
local out = {}
if max < 1 then return out end
for _, chat in ipairs(redis.call('ZRANGE', P .. ':ob:ready', 0, max - 1)) do
  redis.call('ZREM', P .. ':ob:ready', chat)
  local head = redis.call('ZRANGE', qkey(chat), 0, 0)[1]
  if head and redis.call('HGET', nkey(head), 'status') == 'pending' then
    redis.call('HSET', nkey(head), 'status', 'sending', 'lease', now + lease)
    redis.call('ZADD', P .. ':ob:leases', now + lease, head)
    out[#out + 1] = redis.call('HGETALL', nkey(head))
  end
end
return out`);

/** ARGV: P, now → leases that ran out, returned to their queues. */
export const RELEASE_EXPIRED = script(`return releaseExpired(ARGV[2])`);

/** ARGV: P, id, message id ("" = none), now. */
export const MARK_SENT = script(`
local id = ARGV[2]
if redis.call('EXISTS', nkey(id)) == 0 then return 0 end
redis.call('HSET', nkey(id), 'status', 'sent', 'message', ARGV[3], 'next', ARGV[4])
redis.call('HINCRBY', nkey(id), 'attempts', 1)
redis.call('HDEL', nkey(id), 'lease')
close(id)
return 1`);

/** ARGV: P, id, error, retry at, attempts to add (0 or 1). */
export const MARK_RETRY = script(`
local id = ARGV[2]
if redis.call('EXISTS', nkey(id)) == 0 then return 0 end
redis.call('HSET', nkey(id), 'status', 'pending', 'error', ARGV[3], 'next', ARGV[4])
redis.call('HINCRBY', nkey(id), 'attempts', ARGV[5])
redis.call('HDEL', nkey(id), 'lease')
redis.call('ZREM', P .. ':ob:leases', id)
schedule(redis.call('HGET', nkey(id), 'chat'))
return 1`);

/** ARGV: P, id, final status, error. */
export const MARK_FINAL = script(`
local id = ARGV[2]
if redis.call('EXISTS', nkey(id)) == 0 then return 0 end
redis.call('HSET', nkey(id), 'status', ARGV[3], 'error', ARGV[4])
redis.call('HINCRBY', nkey(id), 'attempts', 1)
redis.call('HDEL', nkey(id), 'lease')
close(id)
return 1`);

/** ARGV: P, user id → how many pending notices were skipped. */
export const DROP_USER = script(`
local n = 0
for _, id in ipairs(redis.call('ZRANGE', P .. ':ob:u:' .. ARGV[2], 0, -1)) do
  if redis.call('HGET', nkey(id), 'status') == 'pending' then
    redis.call('HSET', nkey(id), 'status', 'skipped', 'error', 'forgotten')
    close(id)
    n = n + 1
  end
end
return n`);

/**
 * ARGV: P, first id, last id, user ("" = everyone), erased payload, reason → how many notices were erased.
 * A notice is the user's when it goes to them, or when it is a relay quoting them (payload from.userId).
 */
export const ERASE = script(`
local user, erased, reason = ARGV[4], ARGV[5], ARGV[6]
local n = 0
for id = tonumber(ARGV[2]), tonumber(ARGV[3]) do
  local f = redis.call('HMGET', nkey(id), 'user', 'kind', 'payload', 'status')
  if f[3] and f[3] ~= erased then
    local theirs = user == '' or f[1] == user
    if not theirs and f[2] == 'relay' then
      local ok, p = pcall(cjson.decode, f[3])
      theirs = ok and type(p) == 'table' and type(p.from) == 'table' and p.from.userId == tonumber(user)
    end
    if theirs then
      redis.call('HSET', nkey(id), 'payload', erased)
      if f[4] == 'pending' then
        redis.call('HSET', nkey(id), 'status', 'skipped', 'error', reason)
        close(id)
      end
      n = n + 1
    end
  end
end
return n`);

/** ARGV: P, batch → a flat list of status, count pairs. */
export const BATCH_REPORT = script(`
local counts = {}
for _, id in ipairs(redis.call('ZRANGE', P .. ':ob:b:' .. ARGV[2], 0, -1)) do
  local s = redis.call('HGET', nkey(id), 'status')
  if s then counts[s] = (counts[s] or 0) + 1 end
end
local out = {}
for s, n in pairs(counts) do out[#out + 1] = s; out[#out + 1] = n end
return out`);

/** ARGV: P, batch → the batch's notices as HGETALL lists, by id. */
export const BY_BATCH = script(`
local out = {}
for _, id in ipairs(redis.call('ZRANGE', P .. ':ob:b:' .. ARGV[2], 0, -1)) do
  out[#out + 1] = redis.call('HGETALL', nkey(id))
end
return out`);
