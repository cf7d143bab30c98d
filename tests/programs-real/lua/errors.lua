-- Errors: pcall/xpcall/error with strings, tables, levels; errors from C
-- functions and metamethods; nested protected calls (longjmp in C).
print(pcall(error, "plain", 0))
print(pcall(error, "with position"))
print(pcall(function() error("level 1") end))
print(pcall(function() local function f() error("level 2", 2) end f() end))
local okt, et = pcall(function() error({msg = "table"}) end)
print(okt, type(et), et.msg)
local ok, e = pcall(function() error(setmetatable({}, {__tostring = function() return "custom" end})) end)
print(ok, tostring(e))
print(pcall(function() return nil + 1 end))
print(pcall(function() local t = nil; return t.x end))
print(pcall(function() return #5 end))
print(pcall(function() return {} < {} end))
print(pcall(string.rep))
print(pcall(string.format, "%d", 1.5))
print(pcall(function() return ("x"):bad() end))
print(select("#", pcall(function() return 1, 2, 3 end)), pcall(function() return 1, 2, 3 end))
-- xpcall with a message handler
print(xpcall(function() error("oops") end, function(m) return "handled: " .. m end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
local tb = select(2, xpcall(function() local x = nil; x() end, debug.traceback))
print((tb:gsub("\n.*", "")))
-- nested
local depth = 0
local function nest(n)
  if n == 0 then error("bottom") end
  local ok, err = pcall(nest, n - 1)
  depth = depth + 1
  error(err .. "<" .. n, 0)
end
print(pcall(nest, 20))
print("depth", depth)
-- error in metamethods
local mt = {__add = function(a, b) error("no add") end, __index = function(t, k) error("no key " .. k) end}
local obj = setmetatable({}, mt)
print(pcall(function() return obj + 1 end))
print(pcall(function() return obj.foo end))
-- stack overflow is caught as an error
local function inf(n) return 1 + inf(n + 1) end
local ok2, e2 = pcall(inf, 1)
print(ok2, (tostring(e2):gsub("^.-:%d+: ", "")))
-- error() with non-string values and rethrow
for _, v in ipairs({42, true, 3.5}) do print(pcall(error, v)) end
print(pcall(function() local ok, e = pcall(error, "inner"); error("outer(" .. e .. ")", 0) end))
-- assert
print(pcall(assert, false, "assert msg"), pcall(assert, nil), pcall(assert, 1, 2))
-- to-be-closed variables run on error
do
  local log = {}
  local ok = pcall(function()
    local a <close> = setmetatable({}, {__close = function(_, err) log[#log + 1] = "closed:" .. tostring(err) end})
    error("tbc", 0)
  end)
  print(ok, log[1])
end
-- many errors in a loop (no leak of C stack)
local c = 0
for i = 1, 10000 do if not pcall(error, i) then c = c + 1 end end
print("caught", c)
