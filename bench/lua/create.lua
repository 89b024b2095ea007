-- Create: one new meeting per request (POST /v1/mysql/meetings).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title": "Bench dinner", "location": "Seoul"}'
