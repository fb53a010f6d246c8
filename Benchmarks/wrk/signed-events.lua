-- Signed single scale events for wrk: a device's HMAC cannot be computed in wrk's Lua, so
-- factory-loadgen signs every request beforehand (each a new seq, signed within the server's
-- clock-skew window) into the file named by WRK_REQUESTS, one per line:
--   device <TAB> timestamp <TAB> signature <TAB> body
-- and each wrk thread sends its own slice of them in turn, so no event is sent twice.
-- With WRK_CYCLE=1 the same requests go round and round: a gateway's re-sends of what is stored.
local requests = {}
local next_index = 1
local cycle = os.getenv("WRK_CYCLE") == "1"

local function load(path, thread_index, threads)
  local n = 0
  for line in io.lines(path) do
    n = n + 1
    if n % threads == thread_index then
      local device, timestamp, signature, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.+)$")
      requests[#requests + 1] = wrk.format("POST", "/api/v1/ingest/scale-events", {
        ["Content-Type"] = "application/json",
        ["X-Device-Id"] = device,
        ["X-Timestamp"] = timestamp,
        ["X-Signature"] = signature,
      }, body)
    end
  end
end

local thread_count = 0
function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  load(os.getenv("WRK_REQUESTS"), thread_index, tonumber(os.getenv("WRK_THREADS") or "1"))
end

function request()
  local r = requests[next_index]
  if r == nil and cycle then
    next_index = 1
    r = requests[1]
  end
  if r == nil then
    -- Out of signed events: a repeat would be a duplicate, which is cheaper and so not measured.
    wrk.thread:stop()
    return requests[1]
  end
  next_index = next_index + 1
  return r
end

function done(summary, latency, requests_done)
  io.write(string.format("wrk: %d requests, %d non-2xx, %d socket errors\n", summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("wrk: latency p%s %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
