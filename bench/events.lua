-- wrk script for the events benchmark. Arguments after "--": the site id, the events per request (1: POST /api/event
-- with one event; more: POST /api/events with a JSON array of that many) and a tag for this run. Every event carries
-- a user_id unique in the run ("tag-thread-n"), so the driver can tell an event stored twice (under two event ids)
-- from two events. Counts every answer that is not a 202 and every request and event written; prints one
-- "BENCH {json}" line like redirect.lua.
local threads = {}
bad = 0
sent = 0
items = 0
-- The non-202 answers by kind: 503 is the api's full queue (back-pressure), 4xx a refused body.
s503 = 0
s4xx = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local site, size, tag, path
local counter = 0
local last, stamp = -1, ""
local types = { "page_view", "page_view", "page_view", "page_view", "page_view", "page_view", "page_view", "signup", "click", "download" }

function init(args)
  site, size, tag = args[1], tonumber(args[2]) or 1, args[3] or "bench"
  path = size == 1 and "/api/event" or "/api/events"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
end

local function event()
  counter = counter + 1
  local now = os.time()
  if now ~= last then last, stamp = now, os.date("!%Y-%m-%dT%H:%M:%SZ", now) end
  return string.format('{"site_id":"%s","event_type":"%s","path":"/docs/%d","user_id":"%s-%d-%d","timestamp":"%s"}',
    site, types[counter % #types + 1], counter % 50, tag, id, counter, stamp)
end

function request()
  sent = sent + 1
  items = items + size
  local body
  if size == 1 then
    body = event()
  else
    local parts = {}
    for i = 1, size do parts[i] = event() end
    body = "[" .. table.concat(parts, ",") .. "]"
  end
  return wrk.format(nil, path, nil, body)
end

function response(status, headers, body)
  if status ~= 202 then
    bad = bad + 1
    if status == 503 then s503 = s503 + 1 elseif status >= 400 and status < 500 then s4xx = s4xx + 1 end
  end
end

function done(summary, latency, requests)
  local nbad, out, nitems, n503, n4xx = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    nbad = nbad + t:get("bad")
    n503 = n503 + t:get("s503")
    n4xx = n4xx + t:get("s4xx")
    out = out + t:get("sent")
    nitems = nitems + t:get("items")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"sent":%d,"items_sent":%d,"duration_us":%d,"bad_status":%d,"status_503":%d,"status_4xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, out, nitems, summary.duration, nbad, n503, n4xx, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
