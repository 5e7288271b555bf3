-- GET a random path of a list per request, and count how the page cache answered.
--
-- Argument (after "--"): a file of paths, one a line, each as often as it should be
-- visited (bench/mixed.py draws them). Each thread picks from it at random, with a
-- seed of its own. done() prints, for run.py to parse:
--   BENCH-XCACHE <value> <responses with that X-Cache value; "none": without the header>
--   BENCH-STATUS <status> <responses with that status>

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

local paths

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      paths[#paths + 1] = line
   end
   math.randomseed(id)
   x_cache = {}
   statuses = {}
end

function request()
   return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   local value = headers["X-Cache"] or headers["x-cache"]
   value = value and value:lower() or "none"
   x_cache[value] = (x_cache[value] or 0) + 1
end

function done(summary, latency, requests)
   local x_totals, status_totals = {}, {}
   for _, thread in ipairs(threads) do
      for value, count in pairs(thread:get("x_cache")) do
         x_totals[value] = (x_totals[value] or 0) + count
      end
      for status, count in pairs(thread:get("statuses")) do
         status_totals[status] = (status_totals[status] or 0) + count
      end
   end
   for value, count in pairs(x_totals) do
      io.write(string.format("BENCH-XCACHE %s %d\n", value, count))
   end
   for status, count in pairs(status_totals) do
      io.write(string.format("BENCH-STATUS %d %d\n", status, count))
   end
end
