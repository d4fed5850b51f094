-- One request per line of BENCH_FILE. Each line becomes, depending on BENCH_KIND:
--   xchap-request  GET /_auth with "X-CHAP: request:<line>"
--   xchap-response GET /_auth with "X-CHAP: response:<line>"
--   form           POST BENCH_PATH with the line as an x-www-form-urlencoded body
-- BENCH_ONCE=1: every line is used once (thread i of n takes lines i, i+n, …) and a thread
-- stops when it has sent its share (pre-signed crtauth responses are single-use);
-- otherwise the lines are cycled.
package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
require("common")

local kind = os.getenv("BENCH_KIND") or "form"
local path = os.getenv("BENCH_PATH") or "/_auth"
local once = os.getenv("BENCH_ONCE") == "1"
local requests = {}
local next_index = 1
local exhausted = nil

function init(args)
   local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
   local k = 0
   for line in io.lines(os.getenv("BENCH_FILE")) do
      if line ~= "" then
         if (not once) or (k % nthreads == id) then
            if kind == "xchap-request" then
               table.insert(requests, wrk.format("GET", "/_auth", { ["X-CHAP"] = "request:" .. line }, nil))
            elseif kind == "xchap-response" then
               table.insert(requests, wrk.format("GET", "/_auth", { ["X-CHAP"] = "response:" .. line }, nil))
            else
               table.insert(requests, wrk.format("POST", path,
                  { ["Content-Type"] = "application/x-www-form-urlencoded" }, line))
            end
         end
         k = k + 1
      end
   end
   -- Sent only after a thread's share is used up, just before it stops: a 404 that is not counted as ok.
   exhausted = wrk.format("GET", "/bench-exhausted", {}, nil)
end

function request()
   if next_index > #requests then
      if once then
         wrk.thread:stop()
         return exhausted
      end
      next_index = 1
   end
   local r = requests[next_index]
   next_index = next_index + 1
   return r
end
