--[[
  Marks a leased job done, only for the holder of its current lease (a stale token changes
  nothing). The payload is dropped: nothing reads a done job's payload.
  KEYS[1] jobs   KEYS[2] leased   KEYS[3] meta
  ARGV[1] id   ARGV[2] lease
  Returns: 1 done, 0 not held by that lease
]]
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local job = cjson.decode(raw)
if job.s ~= 'leased' or job.l ~= tonumber(ARGV[2]) then return 0 end
job.s = 'done'
job.d = ''
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(job))
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], 'leased', -1)
redis.call('HINCRBY', KEYS[3], 'done', 1)
return 1
