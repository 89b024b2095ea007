-- A participant's calendar file read into its meeting (POST .../calendar, a preview: nothing
-- changes), as the API's calendar request and the page's upload send it.
-- Parameters (environment): BENCH_PATH (the participant's calendar), BENCH_KEY, BENCH_FILE.
local path = assert(os.getenv("BENCH_PATH"), "BENCH_PATH")
local file = assert(io.open(assert(os.getenv("BENCH_FILE"), "BENCH_FILE"), "rb"))
local body = file:read("*a")
file:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/calendar"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_KEY"), "BENCH_KEY")
request = function()
  return wrk.format(nil, path, nil, body)
end
