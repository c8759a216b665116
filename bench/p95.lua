-- wrk: print the 95th percentile latency (wrk's --latency prints 50/75/90/99 only).
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95)))
end
