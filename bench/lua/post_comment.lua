-- POST one comment per request, each with a text of its own.
--
-- Arguments (after "--"): label, csrf cookie, csrf form token, signed rendered_at.
-- The text of request n of thread t is "<label> t<t> n<n>", so no two requests
-- of one run share a text. done() prints, for run.py to parse:
--   BENCH-SENT <requests generated>
--   BENCH-STATUS <status> <responses with that status>

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

local function urlencode(value)
   return (value:gsub("[^%w%-_%.~]", function(char)
      return string.format("%%%02X", string.byte(char))
   end))
end

local label, fixed_fields

function init(args)
   label = args[1]
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
   wrk.headers["Cookie"] = "csrftoken=" .. args[2]
   fixed_fields = table.concat({
      "csrfmiddlewaretoken=" .. urlencode(args[3]),
      "rendered_at=" .. urlencode(args[4]),
      "name=Bench",
      "email=bench%40example.org",
      "website=",
      "homepage=",
      "privacy=on",
   }, "&")
   sent = 0
   statuses = {}
end

function request()
   sent = sent + 1
   local text = string.format("%s t%d n%d", label, id, sent)
   return wrk.format(nil, nil, nil, fixed_fields .. "&text=" .. urlencode(text))
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total_sent, totals = 0, {}
   for _, thread in ipairs(threads) do
      total_sent = total_sent + thread:get("sent")
      for status, count in pairs(thread:get("statuses")) do
         totals[status] = (totals[status] or 0) + count
      end
   end
   io.write(string.format("BENCH-SENT %d\n", total_sent))
   for status, count in pairs(totals) do
      io.write(string.format("BENCH-STATUS %d %d\n", status, count))
   end
end
