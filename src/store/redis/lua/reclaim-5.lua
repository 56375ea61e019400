--[[
  Makes every job whose lease ended before now ready again, in its old place in the order
  (the recovery of a dead worker's or process's jobs), and counts the stall; a job already
  brought back maxStalled times goes to dead letters instead (a poison job is not put back forever).
  KEYS[1] jobs   KEYS[2] leased   KEYS[3] ready   KEYS[4] dead (list)   KEYS[5] meta
  ARGV[1] now   ARGV[2] maxStalled   ARGV[3] the reason a job past it is dead-lettered with
  Returns: how many jobs came back
]]
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
local maxStalled = tonumber(ARGV[2])
local back, dead = 0, 0
for _, id in ipairs(expired) do
  local job = cjson.decode(redis.call('HGET', KEYS[1], id))
  local stalls = job.st or 0
  if stalls >= maxStalled then
    job.s = 'dead'
    job.r = ARGV[3]
    job.d = ''
    redis.call('RPUSH', KEYS[4], id)
    dead = dead + 1
  else
    job.s = 'ready'
    job.st = stalls + 1
    redis.call('ZADD', KEYS[3], job.p * 1e12 + job.q, id)
    back = back + 1
  end
  redis.call('HSET', KEYS[1], id, cjson.encode(job))
  redis.call('ZREM', KEYS[2], id)
end
if #expired > 0 then
  redis.call('HINCRBY', KEYS[5], 'leased', -#expired)
  redis.call('HINCRBY', KEYS[5], 'ready', back)
  redis.call('HINCRBY', KEYS[5], 'dead', dead)
end
return back
