-- CPU: string building, patterns, gsub, concat, interning.  arg[1] = rounds.
local N = tonumber(arg and arg[1]) or 30
local words = {}
for i = 1, 5000 do words[i] = string.format("w%x_%d", i * 2654435761 % 4294967296, i % 97) end
local text = table.concat(words, " ")
local total = 0
for r = 1, N do
  local t = text:gsub("(%x+)_(%d+)", function(h, d) return d .. h:upper() end)
  local n = 0
  for w in t:gmatch("%d+%u+") do n = n + #w end
  local parts = {}
  for i = 1, #words, 3 do parts[#parts + 1] = words[i]:rep(2, "-"):sub(2, -2):reverse() end
  local joined = table.concat(parts, ",")
  total = total + n + #joined + select(2, joined:gsub("a", "A")) + (t:find("w", r * 100, true) or 0)
end
print(total)
