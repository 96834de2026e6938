-- wrk script for IntakeBenchmark: every request posts a new event, so each one is stored and
-- none is answered "duplicate". The event id is the run's name (the argument after --), the
-- wrk thread and a counter.
local counter = 0
local prefix = "run"
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread", threads)
end

function init(args)
  prefix = (args[1] or "run") .. "-" .. wrk.thread:get("thread") .. "-"
end

function request()
  counter = counter + 1
  local body = '{"event_id":"' .. prefix .. counter .. '","demo_id":"2f1c8a9e4b7d4e0f9a3b6c5d4e3f2a1b",'
    .. '"action":"viewed pricing","session_id":"s-' .. prefix .. '","guest":{"name":"Ada","email":"ada@example.com"},'
    .. '"properties":{"plan":"team"}}'
  return wrk.format("POST", "/example/database/page", {["Content-Type"] = "application/json"}, body)
end
