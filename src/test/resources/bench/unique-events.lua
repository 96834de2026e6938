-- wrk script for IntakeBenchmark: every request posts a new event, so each one is stored and
-- none is answered "duplicate". The event id is the run's name (the argument after --), the
-- wrk thread and a counter. The request's fixed parts are built once, in init: wrk runs on the
-- same cores as the relay, and calling wrk.format for every request cost it 24-28 us of CPU per
-- request against 13-17 us for the no-op ceiling's plain GETs.
local counter = 0
local threads = 0
local head, before, after, fixedLength

function setup(thread)
  threads = threads + 1
  thread:set("thread", threads)
end

function init(args)
  local prefix = (args[1] or "run") .. "-" .. wrk.thread:get("thread") .. "-"
  before = '{"event_id":"' .. prefix
  after = '","demo_id":"2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b",'
    .. '"action":"viewed pricing","session_id":"s-' .. prefix .. '","guest":{"name":"Ada","email":"ada@example.com"},'
    .. '"properties":{"plan":"team"}}'
  fixedLength = #before + #after
  head = "POST /example/database/page HTTP/1.1\r\nHost: " .. wrk.headers["Host"]
    .. "\r\nContent-Type: application/json\r\nContent-Length: "
end

function request()
  counter = counter + 1
  local n = tostring(counter)
  return head .. (fixedLength + #n) .. "\r\n\r\n" .. before .. n .. after
end
