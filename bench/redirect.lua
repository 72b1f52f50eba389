-- wrk script for the redirect benchmark: cycles over the slugs in the file given after "--", and counts every
-- answer that is not a 302 (wrk itself counts only statuses >= 400 as errors) and every request written (a request
-- still in flight when the run ends is written, maybe served, but not counted by wrk). Prints one "BENCH {json}" line.
-- A second argument "browser" sends a desktop Chrome User-Agent and an Accept-Language with every request, so links
-- with device or language rules have something to evaluate (the rules phase sends it for plain links too).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-report.lua")
local slugs = {}
local threads = {}
local counter = 0
bad = 0
sent = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads * 7919)
end

function init(args)
  local path = args[1]
  for line in io.lines(path) do
    if #line > 0 then table.insert(slugs, line) end
  end
  if #slugs == 0 then error("no slugs in " .. tostring(path)) end
  if args[2] == "browser" then
    wrk.headers["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
    wrk.headers["Accept-Language"] = "en-GB,en;q=0.9,de;q=0.8"
  end
  counter = offset or 0
end

function request()
  counter = counter + 1
  sent = sent + 1
  return wrk.format("GET", "/" .. slugs[(counter % #slugs) + 1])
end

function response(status, headers, body)
  if status ~= 302 then bad = bad + 1 end
end

function done(summary, latency, requests)
  bench_report(summary, latency, { { "sent", bench_sum(threads, "sent") }, { "bad_status", bench_sum(threads, "bad") } })
end
