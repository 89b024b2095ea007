-- Join: one new participant per request, spread over a pool of meetings
-- (POST /v1/<store>/participants). Unique names per request: run, wrk thread, counter.
-- Parameters (environment): BENCH_PATH (/v1/<store>/participants), BENCH_URL_CODES
-- (comma-separated), BENCH_JOIN_RUN (the run).
local codes = {}
for code in string.gmatch(assert(os.getenv("BENCH_URL_CODES"), "BENCH_URL_CODES"), "[^,]+") do
  codes[#codes + 1] = code
end
local run = os.getenv("BENCH_JOIN_RUN") or "0"
local path = assert(os.getenv("BENCH_PATH"), "BENCH_PATH")
local made = 0
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function setup(thread)
  made = made + 1
  thread:set("tid", made)
end
request = function()
  n = n + 1
  local code = codes[((n * 7 + tid * 13) % #codes) + 1]
  local name = "b" .. run .. "-" .. tid .. "-" .. n
  local body = '{"meeting_url_code": "' .. code .. '", "name": "' .. name .. '"}'
  return wrk.format(nil, path, nil, body)
end
