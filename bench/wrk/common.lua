-- Shared by every dirauth bench scenario: per-thread counters, a monotonic clock (LuaJIT FFI),
-- and a done() that prints one machine-readable line:
--   BENCHJSON {"requests":…, "ok":…, "non2xx":…, "errors":…, "seconds":…, "rate":…, "p50_us":…, …}
-- "rate" counts 2xx answers per second between the first request and the last answer
-- (for use-once scenarios that stop early, wrk's own duration would be wrong).
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
function bench_now()
   ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
   return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

ok_count = 0
bad_count = 0
first_at = nil
last_at = nil
statuses = ""

function bench_response(status)
   local t = bench_now()
   if first_at == nil then first_at = t end
   last_at = t
   if status >= 200 and status < 300 then
      ok_count = ok_count + 1
   else
      bad_count = bad_count + 1
      if bad_count <= 3 then statuses = statuses .. tostring(status) .. " " end
   end
end

function response(status, headers, body)
   bench_response(status)
end

function done(summary, latency, requests)
   local ok, bad, first, last, st = 0, 0, nil, nil, ""
   for _, t in ipairs(threads) do
      ok = ok + (t:get("ok_count") or 0)
      bad = bad + (t:get("bad_count") or 0)
      local f, l = t:get("first_at"), t:get("last_at")
      if f and (first == nil or f < first) then first = f end
      if l and (last == nil or l > last) then last = l end
      st = st .. (t:get("statuses") or "")
   end
   local span = (first and last and last > first) and (last - first) or (summary.duration / 1e6)
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
   io.write(string.format(
      'BENCHJSON {"requests":%d,"ok":%d,"non2xx":%d,"errors":%d,"status_errors":%d,"seconds":%.3f,"rate":%.1f,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,"bad_statuses":"%s"}\n',
      summary.requests, ok, bad, errors, summary.errors.status, span, ok / span,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean, st))
end
