-- wrk script: POST /api/v1/leads with a unique mobile per request; counts 201 answers and writes their
-- receipts to $RECEIPTS_FILE, so that the benchmark can find each one in the database.
-- Usage: wrk -s bench/lead_post.lua URL -- RUN   (RUN 0–69 keeps the mobiles of separate runs apart)
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  run = tonumber(args[1] or "0")
  counter = 0
  created = 0
  other = 0
  receipts = {}
end

function request()
  counter = counter + 1
  local mobile = string.format("1%d%d%d%07d", 3 + run % 7, id, math.floor(run / 7), counter)
  local body = '{"contactName":"压测' .. id .. '","mobile":"' .. mobile .. '","consentVersion":"2026-01",' ..
    '"company":"湘潭某机械有限公司","intendedUse":"工程机械零部件","expectedTax":300,' ..
    '"need":{"kinds":["factory"],"deal":"rent","minArea":3000,"maxArea":5000,"districts":["湘潭县"]},' ..
    '"message":"需要单层厂房，带行车","fillMillis":30000}'
  return wrk.format("POST", "/api/v1/leads", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    receipts[created] = body:match('"receipt":"([^"]+)"') or "missing"
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  local file = io.open(os.getenv("RECEIPTS_FILE") or "/dev/null", "w")
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
    for _, receipt in ipairs(t:get("receipts")) do file:write(receipt, "\n") end
  end
  file:close()
  io.write(string.format("RESULT created=%d other=%d requests=%d errors=%d p50_ms=%.2f p99_ms=%.2f seconds=%.2f\n",
    c, o, summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
    summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.duration / 1e6))
end
