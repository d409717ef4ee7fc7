-- wrk script for the benchmark: sends the session cookie (if any) and prints the figures as one
-- JSON line at the end: requests per second, p50/p95/p99 latency in ms, non-2xx answers, errors.
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
wrk.headers["X-Forwarded-Proto"] = "https"

function done(summary, latency, requests)
  local seconden = summary.duration / 1e6
  local fouten = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    'BENCH {"requests": %d, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, ' ..
    '"status_fout": %d, "fouten": %d}\n',
    summary.requests, summary.requests / seconden,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, fouten))
end
