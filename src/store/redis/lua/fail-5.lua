--[[
  Records a failed attempt by the holder of the current lease: back to ready at retryAt while
  attempts are left, else dead-lettered with its reason.
  KEYS[1] jobs   KEYS[2] leased   KEYS[3] delayed   KEYS[4] dead (list: ids in the order they died)
  KEYS[5] meta
  ARGV[1] id   ARGV[2] lease   ARGV[3] reason   ARGV[4] retryAt ('' for none: dead-letter now)
  Returns: 1 recorded, 0 not held by that lease
]]
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local job = cjson.decode(raw)
if job.s ~= 'leased' or job.l ~= tonumber(ARGV[2]) then return 0 end
job.r = ARGV[3]
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[5], 'leased', -1)
if ARGV[4] ~= '' and job.a < job.m then
  job.s = 'ready'
  redis.call('ZADD', KEYS[3], tonumber(ARGV[4]), ARGV[1])
  redis.call('HINCRBY', KEYS[5], 'ready', 1)
else
  job.s = 'dead'
  job.d = ''
  redis.call('RPUSH', KEYS[4], ARGV[1])
  redis.call('HINCRBY', KEYS[5], 'dead', 1)
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(job))
return 1
