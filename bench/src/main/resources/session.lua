-- Counts the answers that are the account page of the logged-in user, and the others.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  answered = 0
  failed = 0
end
function response(status, headers, body)
  if status == 200 and body and string.find(body, " user user visits ", 1, true) then
    answered = answered + 1
  else
    failed = failed + 1
  end
end
function done(summary, latency, requests)
  local a, f = 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("answered")
    f = f + thread:get("failed")
  end
  io.write(string.format("account pages %d, other answers %d\n", a, f))
end
