-- wrk script: POST a batch of BATCH_SIZE reports per request to /api/v1/reports:batch.
local size = tonumber(os.getenv("BATCH_SIZE") or "100")
local item = '{"category":"hazard","description":"עמוד חשמל נוטה מעל המדרכה","location":{"lon":34.5712,"lat":31.6688},"reporter":{"name":"דנה","phone":"050-1234567"},"channel":"sms"}'
local items = {}
for i = 1, size do items[i] = item end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("HAMAL_TOKEN") or "")
wrk.body = "[" .. table.concat(items, ",") .. "]"

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f reports_per_s=%.0f non2xx=%d errors=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, seconds, summary.requests / seconds, summary.requests * size / seconds,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
