-- One painted stroke of 8 slots per request (PATCH .../marks), as the page sends.
-- Parameters (environment): BENCH_PATH (the participant's marks), BENCH_KEY.
local path = assert(os.getenv("BENCH_PATH"), "BENCH_PATH")
local n = 0
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_KEY"), "BENCH_KEY")
request = function()
  n = n + 1
  local day = string.format("2026-03-%02d", 2 + n % 14)
  local action = (math.floor(n / 14) % 2 == 0) and "off" or "on"
  local mark = '"date": "' .. day .. '", "from": "10:00", "to": "14:00", "action": "'
  local body = '{"marks": [{' .. mark .. action .. '"}]}'
  return wrk.format(nil, path, nil, body)
end
