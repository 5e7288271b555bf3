-- Let each thread stop once it has received the given number of responses, so
-- a run makes (about) threads x limit requests whatever its duration.
--
-- Argument (after "--"): responses per thread.

local limit

function init(args)
   limit = tonumber(args[1])
   responses = 0
end

function response(status, headers, body)
   responses = responses + 1
   if responses >= limit then
      wrk.thread:stop()
   end
end
