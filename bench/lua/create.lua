-- Create: one new meeting per request (POST to the URL wrk is given: /v1/<store>/meetings).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title": "Bench dinner", "location": "Seoul"}'
