-- Toggle: one date of the toggled meeting per request, busy then free again
-- (PATCH <BENCH_PATH>off|on: the API's /v1/<store>/participant_dates/, or the bare app's
-- /<store>/participant_dates/), with the organizer key.
-- Parameters (environment): BENCH_PATH, BENCH_DATE_IDS (comma-separated JSON values: numbers
-- on MySQL, quoted UUIDs on Gel), BENCH_URL_CODE, BENCH_KEY.
local ids = {}
for id in string.gmatch(assert(os.getenv("BENCH_DATE_IDS"), "BENCH_DATE_IDS"), "[^,]+") do
  ids[#ids + 1] = id
end
local path = assert(os.getenv("BENCH_PATH"), "BENCH_PATH")
local code = assert(os.getenv("BENCH_URL_CODE"), "BENCH_URL_CODE")
local n = 0
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_KEY"), "BENCH_KEY")
request = function()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  local action = (math.floor(n / #ids) % 2 == 0) and "off" or "on"
  local body = '{"participant_date_id": ' .. id .. ', "meeting_url_code": "' .. code .. '"}'
  return wrk.format(nil, path .. action, nil, body)
end
