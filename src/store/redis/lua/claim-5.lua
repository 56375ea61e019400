--[[
  Leases the best due job: retries whose time has come join the due set first, then the lowest
  score (best priority, then oldest) is taken. Atomic, so no job is ever leased twice.
  KEYS[1] jobs   KEYS[2] ready   KEYS[3] delayed (zset: ids waiting for retry, scored ready-at)
  KEYS[4] leased (zset: ids scored lease end)   KEYS[5] meta
  ARGV[1] now   ARGV[2] leaseMs   ARGV[3] holder (who claims: a process's name, kept with the lease)
  Returns: nil when nothing is due, else { id, priority, payload, maxAttempts, attempts, lease }
]]
local now = tonumber(ARGV[1])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  local job = cjson.decode(redis.call('HGET', KEYS[1], id))
  redis.call('ZADD', KEYS[2], job.p * 1e12 + job.q, id)
  redis.call('ZREM', KEYS[3], id)
end
local top = redis.call('ZPOPMIN', KEYS[2])
if #top == 0 then return nil end
local id = top[1]
local job = cjson.decode(redis.call('HGET', KEYS[1], id))
job.a = job.a + 1
job.l = redis.call('HINCRBY', KEYS[5], 'lease', 1)
job.s = 'leased'
job.h = ARGV[3]
redis.call('HSET', KEYS[1], id, cjson.encode(job))
redis.call('ZADD', KEYS[4], now + tonumber(ARGV[2]), id)
redis.call('HINCRBY', KEYS[5], 'ready', -1)
redis.call('HINCRBY', KEYS[5], 'leased', 1)
return { id, tostring(job.p), job.d, tostring(job.m), tostring(job.a), tostring(job.l) }
