-- Tables, sorting with comparators, closures, metatables, integer and
-- float arithmetic.
local t = {}
for i = 1, 100 do t[i] = (i * 37) % 101 end
table.sort(t)
print(t[1], t[50], t[100], #t)
table.sort(t, function(a, b) return a > b end)
print(t[1], t[50], t[100])
local people = {}
local names = {"ann", "bob", "cid", "dan", "eve", "fay", "gus", "hal"}
for i, n in ipairs(names) do people[i] = {name = n, age = (i * 13) % 7 + 20} end
table.sort(people, function(a, b) if a.age ~= b.age then return a.age < b.age end return a.name > b.name end)
for _, p in ipairs(people) do io.write(p.name, ":", p.age, " ") end
print()
-- sort stability is not guaranteed, but the result with a total order is
local r = {}
local x = 12345
for i = 1, 5000 do x = (x * 1103515245 + 12345) % 2147483648; r[i] = x % 1000 end
table.sort(r)
local okSorted = true
for i = 2, #r do if r[i - 1] > r[i] then okSorted = false end end
print("sorted", okSorted, r[1], r[2500], r[5000])
print(pcall(table.sort, {3, 1, 2}, function(a, b) return true end))
-- table library
local l = {1, 2, 3}
table.insert(l, 4); table.insert(l, 1, 0); print(table.concat(l, ","), table.remove(l), table.remove(l, 1), table.concat(l, ","))
print(table.concat(table.move({1, 2, 3}, 1, 3, 2), ","), table.unpack({1, 2, 3}))
print(select("#", table.unpack({}, 1, 3)), table.pack(1, nil, 3).n)
-- closures
local function counter(start)
  local c = start
  return function(d) c = c + (d or 1); return c end, function() return c end
end
local inc, get = counter(10)
inc(); inc(5); print("counter", get())
local fns = {}
for i = 1, 5 do fns[i] = function() return i * i end end
io.write("closures ")
for i = 1, 5 do io.write(fns[i](), " ") end
print()
local function compose(f, g) return function(...) return f(g(...)) end end
print(compose(function(x) return x * 2 end, function(x, y) return x + y end)(3, 4))
-- metatables
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, V) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a:len2() < b:len2() end
V.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
V.__call = function(v, k) return v.x * k end
V.__len = function() return 2 end
function V.new(x, y) return setmetatable({x = x, y = y}, V) end
function V:len2() return self.x * self.x + self.y * self.y end
local a, b = V.new(1, 2), V.new(3, 4)
print(tostring(a + b), a == V.new(1, 2), a < b, a(10), #a)
local proxy = setmetatable({}, {__index = function(_, k) return k .. "!" end, __newindex = function(t, k, v) rawset(t, k, v * 2) end})
proxy.z = 21; print(proxy.q, proxy.z)
-- integer / float arithmetic
print(7 // 2, -7 // 2, 7 % -3, -7 % 3, 7.5 // 2, -7.5 % 2, 2^10, 10 / 2, 3 | 5, 6 & 3, 5 ~ 1, ~0, 1 << 62, 1 << 64, -1 >> 1)
print(math.maxinteger, math.mininteger, math.maxinteger + 1, math.mininteger // -1, math.type(1), math.type(1.0), math.type("1"))
print(math.tointeger(3.0), math.tointeger(3.5), 3 == 3.0, math.ult(1, -1), math.abs(math.mininteger))
print(1e308 * 10, -1e308 * 10, math.huge, -math.huge, 0.1 + 0.2 == 0.3, string.format("%.17g", 0.1 + 0.2))
print(math.floor(-3.5), math.ceil(-3.5), math.floor(2^31 + 0.5), math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3.0))
print(math.max(3, 7.5, -1), math.min(3, 7.5, -1), math.sqrt(2), math.exp(1), math.log(8, 2), math.log(100, 10))
print(string.format("%.10f %.10f %.10f %.10f", math.sin(1), math.cos(1), math.tan(0.5), math.atan(1, 2)))
print(8 // 0.0, -8 // 0.0, pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(2^53 + 1, (2^53 + 1) | 0, "10" + 5, "3.5" * 2, 10 .. 20)
local acc = 0
for i = 1, 100000 do acc = (acc * 31 + i) % 1000000007 end
print("hash", acc)
local facc = 0.0
for i = 1, 1000 do facc = facc + 1 / i end
print(string.format("harmonic %.12f", facc))
-- random with a fixed seed is deterministic (xoshiro256** in Lua itself)
math.randomseed(42)
print(math.random(1, 100), math.random(1, 100), math.random(1000))
-- os: presence only (values differ run to run)
print(type(os.time()), type(os.clock()), type(os.date("%Y")), os.time({year = 2020, month = 1, day = 1, hour = 12}) ~= nil)
print(os.date("!%Y-%m-%d %H:%M:%S", 0), os.date("!%j %a %b", 86400 * 40))
print(os.getenv("NO_SUCH_VARIABLE_HOPEFULLY"))
-- garbage collector
local before = collectgarbage("count")
do local junk = {} for i = 1, 100000 do junk[i] = {i} end end
collectgarbage(); collectgarbage()
print("gc", collectgarbage("count") < before + 1000, collectgarbage("isrunning"))
