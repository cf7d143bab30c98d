-- Coroutines: generators, producer/consumer, wrap, status, errors inside
-- coroutines, yield across pcall (all of it is setjmp/longjmp in C).
local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i * i) end
    return "done"
  end)
end
local g = gen(5)
local out = {}
for _ = 1, 6 do out[#out + 1] = tostring(g()) end
print("wrap:", table.concat(out, ","))

-- producer / filter / consumer
local function producer()
  return coroutine.create(function()
    for w in ("the quick brown fox jumps over the lazy dog"):gmatch("%a+") do
      coroutine.yield(w)
    end
  end)
end
local function filter(p)
  return coroutine.create(function()
    while true do
      local ok, w = coroutine.resume(p)
      if not w then break end
      if #w > 3 then coroutine.yield(w:upper()) end
    end
  end)
end
local f = filter(producer())
local words = {}
while true do
  local ok, w = coroutine.resume(f)
  if not w then break end
  words[#words + 1] = w
end
print("pipeline:", table.concat(words, " "), coroutine.status(f))

-- passing values both ways
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return b, "end"
end)
print("resume1", coroutine.resume(co, 1, 2))
print("resume2", coroutine.resume(co, 10))
print("resume3", coroutine.resume(co, "x", "y"))
print("resume4", coroutine.resume(co))
print("status", coroutine.status(co))

-- errors inside coroutines, yield across pcall
local ce = coroutine.create(function()
  local ok, err = pcall(function()
    coroutine.yield("inside pcall")
    error("boom", 0)
  end)
  coroutine.yield("caught: " .. tostring(err))
  error({code = 42})
end)
print(coroutine.resume(ce))
print(coroutine.resume(ce))
local ok, e = coroutine.resume(ce)
print("error object", ok, type(e), e.code, coroutine.status(ce))
print("isyieldable main", coroutine.isyieldable())
print("running main", select(2, coroutine.running()))

-- many coroutines alive at once, deep recursion inside one
local cos = {}
for i = 1, 200 do
  cos[i] = coroutine.create(function(x) while true do x = coroutine.yield(x + i) end end)
end
local sum = 0
for round = 1, 10 do
  for i = 1, #cos do local _, v = coroutine.resume(cos[i], round); sum = sum + v end
end
print("many:", sum)
local function depth(n) if n == 0 then coroutine.yield("deep") return 0 end return 1 + depth(n - 1) end
local cd = coroutine.wrap(function() return depth(5000) end)
print(cd(), cd())
-- coroutine.close on a suspended coroutine
local cc = coroutine.create(function() coroutine.yield() end)
coroutine.resume(cc)
print("close", coroutine.close(cc), coroutine.status(cc))
