-- wrk: GET the paths of the file given after `--` in turn, as the staff member whose session cookie comes second;
-- prints the 95th percentile latency and the answers that were not 2xx/3xx.
local paths, i, cookie = {}, 0, ""

init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  cookie = args[2]
end

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Cookie"] = cookie, ["Accept"] = "text/html" })
end

done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95)))
  io.write(string.format("non2xx %d\n", summary.errors.status))
end
