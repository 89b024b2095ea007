-- Toggle: one date of the toggled meeting per request, busy then free again
-- (PATCH /v1/mysql/participant_dates/off|on), with the organizer key.
-- Parameters (environment): BENCH_DATE_IDS (comma-separated), BENCH_URL_CODE, BENCH_KEY.
local ids = {}
for id in string.gmatch(assert(os.getenv("BENCH_DATE_IDS"), "BENCH_DATE_IDS"), "[^,]+") do
  ids[#ids + 1] = id
end
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
  return wrk.format(nil, "/v1/mysql/participant_dates/" .. action, nil, body)
end
