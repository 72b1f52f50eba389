-- What redirect.lua and events.lua share: the one "BENCH {json}" line each prints when wrk is done, read by Wrk.cs.
-- Loaded by both with dofile from their own directory.

-- A counter summed over wrk's threads (each thread counts in its own Lua state).
function bench_sum(threads, name)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get(name) end
  return n
end

-- counters: { {"name", value}, ... }, printed before wrk's own figures.
function bench_report(summary, latency, counters)
  local e = summary.errors
  local parts = {}
  for _, c in ipairs(counters) do parts[#parts + 1] = string.format('"%s":%d,', c[1], c[2]) end
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,%s"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, table.concat(parts), e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
