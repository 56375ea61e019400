--[[
  Makes every job whose lease ended before now ready again, in its old place in the order
  (the recovery of a dead worker's or process's jobs).
  KEYS[1] jobs   KEYS[2] leased   KEYS[3] ready   KEYS[4] meta
  ARGV[1] now
  Returns: how many jobs came back
]]
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
for _, id in ipairs(expired) do
  local job = cjson.decode(redis.call('HGET', KEYS[1], id))
  job.s = 'ready'
  redis.call('HSET', KEYS[1], id, cjson.encode(job))
  redis.call('ZADD', KEYS[3], job.p * 1e12 + job.q, id)
  redis.call('ZREM', KEYS[2], id)
end
local n = #expired
if n > 0 then
  redis.call('HINCRBY', KEYS[4], 'leased', -n)
  redis.call('HINCRBY', KEYS[4], 'ready', n)
end
return n
