-- CPU + allocator + GC: the Benchmarks Game binary-trees.  arg[1] = depth.
local function bottomUp(d)
  if d == 0 then return {} end
  d = d - 1
  return {bottomUp(d), bottomUp(d)}
end
local function check(t)
  if t[1] then return 1 + check(t[1]) + check(t[2]) end
  return 1
end
local N = tonumber(arg and arg[1]) or 15
local maxd = math.max(6, N)
print("stretch tree of depth " .. (maxd + 1) .. "\t check: " .. check(bottomUp(maxd + 1)))
local long = bottomUp(maxd)
for d = 4, maxd, 2 do
  local iters = 2 ^ (maxd - d + 4) // 1
  local c = 0
  for _ = 1, iters do c = c + check(bottomUp(d)) end
  print(string.format("%d\t trees of depth %d\t check: %d", iters, d, c))
end
print("long lived tree of depth " .. maxd .. "\t check: " .. check(long))
