-- wrk script: POST one report per request. Token from the HAMAL_TOKEN environment variable.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("HAMAL_TOKEN") or "")
wrk.body = '{"category":"hazard","description":"עמוד חשמל נוטה מעל המדרכה","location":{"lon":34.5712,"lat":31.6688},"reporter":{"name":"דנה","phone":"050-1234567"},"channel":"sms"}'

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f non2xx=%d errors=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
