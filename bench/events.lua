-- wrk script for the events benchmark. Arguments after "--": the site id, the events per request (1: POST /api/event
-- with one event; more: POST /api/events with a JSON array of that many) and a tag for this run. Every event carries
-- a user_id unique in the run ("tag-thread-n"), so the driver can tell an event stored twice (under two event ids)
-- from two events. Counts every answer that is not a 202 and every request and event written; prints one
-- "BENCH {json}" line like redirect.lua.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-report.lua")
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
  bench_report(summary, latency, {
    { "sent", bench_sum(threads, "sent") }, { "items_sent", bench_sum(threads, "items") }, { "bad_status", bench_sum(threads, "bad") },
    { "status_503", bench_sum(threads, "s503") }, { "status_4xx", bench_sum(threads, "s4xx") },
  })
end
