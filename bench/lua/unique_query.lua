-- GET the URL with a query string of its own per request, so no URL-keyed
-- page cache can answer it: every request renders the page (a "cold" request).
--
-- Argument (after "--"): a label that differs between wrk runs.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

local label
local counter = 0

function init(args)
   label = args[1]
end

function request()
   counter = counter + 1
   local path = string.format("%s?bench-nocache=%s-%d-%d", wrk.path, label, id, counter)
   return wrk.format(nil, path)
end
