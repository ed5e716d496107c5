-- Paced load for wrk (Debian's wrk has no fixed-rate mode): each connection waits a random delay
-- averaging connections/rate seconds between requests, so the offered load is about `rate`
-- requests/s while the server keeps up; the latency wrk reports is per request, delay excluded.
-- User ids are drawn from 1..users, so every request looks a different user up.
--
--   wrk -t2 -c50 -d30s --latency -s bin/wrk-paced.lua http://localhost:7070 -- 1000 50 610
--   args: rate (requests/s), connections (the same as -c), users (0 = GET /health instead)
local rate, connections, users

function init(args)
  rate = tonumber(args[1] or "1000")
  connections = tonumber(args[2] or "50")
  users = tonumber(args[3] or "610")
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function delay()
  -- uniform on [0.5, 1.5) × the mean gap keeps connections from firing in lockstep
  return (connections / rate) * 1000 * (0.5 + math.random())
end

function request()
  if users == 0 then
    return wrk.format("GET", "/health")
  end
  return wrk.format("GET", "/users/" .. math.random(1, users) .. "/recommendations?n=10")
end
