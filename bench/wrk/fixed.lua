-- One fixed request, repeated: BENCH_METHOD (GET), BENCH_PATH (/healthz), optional
-- BENCH_HEADER ("Name: value").
package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
require("common")

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/healthz"
local header = os.getenv("BENCH_HEADER")
local headers = {}
if header and header ~= "" then
   local name, value = header:match("^([^:]+):%s*(.*)$")
   headers[name] = value
end
local raw = nil

function init(args)
   raw = wrk.format(method, path, headers, nil)
end

function request()
   return raw
end
