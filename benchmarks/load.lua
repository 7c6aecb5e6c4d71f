-- wrk script for benchmarks/load.py: the same submissions its httpx client sends, each one unique, and
-- what came back, written to a file for load.py's table and integrity check.
--
--   wrk -t1 -c32 -d10s --timeout 30s -s benchmarks/load.lua URL -- MODE PATH BODY_FILE OUT_FILE NONCE [COOKIE]
--
-- MODE  api:     POST JSON (BODY_FILE as is), a fresh Idempotency-Key on each request; 201 {"receipt": ...}
--       form:    POST the form's fields (BODY_FILE, urlencoded) and a fresh submission_id, with the
--                resident's cookies (COOKIE); 303 with the receipt in its Set-Cookie
--       ceiling: POST BODY_FILE as is to the bare app; 201 {"receipt": ...}
-- NONCE  hex digits unique to this run, so no two runs' keys meet (the store keeps keys for a day).
--
-- OUT_FILE gets, from done(): "sent N" (requests built), "responses N", "duration_us N",
-- "socket_errors N", "status CODE N" lines, "latency MICROSECONDS COUNT" lines (wrk's whole
-- distribution, so several runs' percentiles can be pooled exactly), "receipt R" lines (one per
-- acknowledged submission) and "sample ..." lines (the first unexpected answers).

local mode, path, body_file, out_file, nonce, cookie

local function read_all(name)
  local f = assert(io.open(name, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

-- Per thread (each wrk thread has its own Lua state).
local counter = 0
local thread_id = 0
local body_template
local headers = {}
sent, responses = 0, 0
receipts, statuses, samples = {}, {}, {}
local expected

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode, path, body_file, out_file, nonce, cookie = args[1], args[2], args[3], args[4], args[5], args[6]
  out_path = out_file  -- a global, for done(), which runs in wrk's main Lua state (thread:get)
  thread_id = _G.thread_id or 0
  body_template = read_all(body_file)
  if mode == "api" then
    headers["Content-Type"] = "application/json"
    expected = 201
  elseif mode == "form" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie and cookie ~= "" then headers["Cookie"] = cookie end
    expected = 303
  elseif mode == "ceiling" then
    expected = 201
  else
    error("unknown mode " .. tostring(mode))
  end
  -- As httpx sends them, so the server does the same work for either client.
  headers["Accept"] = "*/*"
  headers["Accept-Encoding"] = "gzip, deflate"
end

-- 32 hex digits, as the form's submission_id must be and as load.py's httpx keys are.
local function unique_key()
  counter = counter + 1
  return string.format("%s%04x%012x", nonce, thread_id, counter)
end

function request()
  sent = sent + 1
  local body = body_template
  if mode == "api" then
    headers["Idempotency-Key"] = unique_key()
  elseif mode == "form" then
    body = body_template .. "&submission_id=" .. unique_key()
  end
  return wrk.format("POST", path, headers, body)
end

local function receipt_of(status, response_headers, body)
  if mode == "form" then
    for name, value in pairs(response_headers) do
      if string.lower(name) == "set-cookie" then
        local r = string.match(value, "engage_receipt=([A-Z0-9-]+)")
        if r then return r end
      end
    end
    return nil
  end
  return string.match(body, '"receipt"%s*:%s*"([^"]+)"')
end

function response(status, response_headers, body)
  responses = responses + 1
  statuses[status] = (statuses[status] or 0) + 1
  if status == expected then
    local r = receipt_of(status, response_headers, body)
    if r then
      receipts[#receipts + 1] = r
    else
      statuses["no-receipt"] = (statuses["no-receipt"] or 0) + 1
    end
  elseif #samples < 5 then
    samples[#samples + 1] = status .. " " .. string.sub(string.gsub(body or "", "%s+", " "), 1, 160)
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(threads[1]:get("out_path"), "w"))
  local total_sent, total_responses = 0, 0
  local merged = {}
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    total_responses = total_responses + thread:get("responses")
    for code, n in pairs(thread:get("statuses")) do
      merged[code] = (merged[code] or 0) + n
    end
    for _, r in ipairs(thread:get("receipts")) do
      out:write("receipt ", r, "\n")
    end
    for _, s in ipairs(thread:get("samples")) do
      out:write("sample ", s, "\n")
    end
  end
  local e = summary.errors
  out:write("sent ", total_sent, "\n")
  out:write("responses ", total_responses, "\n")
  out:write("duration_us ", summary.duration, "\n")
  out:write("socket_errors ", e.connect + e.read + e.write + e.timeout, "\n")
  for code, n in pairs(merged) do
    out:write("status ", code, " ", n, "\n")
  end
  for i = 1, #latency do
    local value, count = latency(i)
    out:write(string.format("latency %d %d\n", value, count))
  end
  out:close()
end
