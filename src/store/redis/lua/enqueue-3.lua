--[[
  Adds a job unless its id is known, refusing it once the queue is at capacity. One script, so
  the capacity check and the write are atomic across every process sharing the queue.
  KEYS[1] jobs   hash: id -> job (cjson)
  KEYS[2] ready  zset: ids due now, scored priority * 1e12 + seq
  KEYS[3] meta   hash: seq, lease, ready, leased, done, dead
  ARGV[1] id   ARGV[2] priority   ARGV[3] payload   ARGV[4] maxAttempts   ARGV[5] capacity
  Returns: 1 added, 0 exists (known id, nothing changed), -1 full (nothing written)
]]
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
local held = tonumber(redis.call('HGET', KEYS[3], 'ready') or '0') + tonumber(redis.call('HGET', KEYS[3], 'leased') or '0')
if held >= tonumber(ARGV[5]) then return -1 end
local seq = redis.call('HINCRBY', KEYS[3], 'seq', 1)
local priority = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({ p = priority, d = ARGV[3], m = tonumber(ARGV[4]), a = 0, s = 'ready', l = 0, r = '', q = seq }))
redis.call('ZADD', KEYS[2], priority * 1e12 + seq, ARGV[1])
redis.call('HINCRBY', KEYS[3], 'ready', 1)
return 1
