-- String library: patterns (find/match/gmatch/gsub), format, misc.
local s = "Hello, World! 123 abc-def_ghi 45.67 x=1, y=22, z=333"
print(s:find("World"), s:find("o", 6), s:find("%d+"), s:find("xyz"))
print(s:find(".", 1, true), s:find("(%a+)-(%a+)"))
print(s:match("(%d+)%.(%d+)"), s:match("^(%w+)"), s:match("%s(%S+)$"))
for k, v in s:gmatch("(%a)=(%d+)") do io.write(k, "->", v, " ") end
print()
local n = 0
for w in s:gmatch("%f[%w]%w+") do n = n + 1 end
print("words", n)
print(s:gsub("%d", "#"))
print(s:gsub("(%a+)", "<%1>", 3))
print(s:gsub("%a+", {Hello = "Bye", abc = false, def = "DEF"}))
print(s:gsub("(%d+)", function(d) return tostring(tonumber(d) * 2) end))
print(("abc"):gsub("", "-"))
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|")
print(("key = value"):match("^(%w+)%s*=%s*(%w+)$"))
print(("%bxy"):len(), ("f(a(b)c)d"):match("%b()"))
print(("hello world"):gsub("o", "0", 1))
print(("CamelCaseString"):gsub("(%u)", function(c) return "_" .. c:lower() end))
print(string.rep("ab", 3, ","), ("x"):rep(0), ("abc"):reverse(), ("MiXeD"):lower(), ("MiXeD"):upper())
print(("abcdef"):sub(2, 4), ("abcdef"):sub(-3), ("abcdef"):sub(5, 100), ("abc"):byte(1, -1))
print(string.char(72, 105), #"\0\1\2", ("a\0b"):len())
-- string.format with integers and floats
print(string.format("%d %5d %-5d| %05d %+d %x %X %o %c", 42, 42, 42, 42, 42, 255, 255, 8, 65))
print(string.format("%f %.3f %10.2f %-10.2f| %e %.2E %g %g %g", math.pi, math.pi, math.pi, math.pi,
  12345.678, 0.000123, 1e20, 0.1, 100))
print(string.format("%g %g %g %.17g %.0f %5.1f", 1/3, 2^63, -0.0, 0.1 + 0.2, 2.5, -7.25))
print(string.format("%q", 'line1\nline2\t"quoted"\0end'))
print(string.format("%q %q %q", 1/0, -1/0, math.mininteger), string.format("%q", 0.5))
print(string.format("%s %s %s %10s|%-10s|", nil, true, {} ~= nil, "right", "left"))
print(string.format("%a", 1.0), string.format("%.3a", 0.1))
print(string.format("%i %u", -7, 7), string.format("%%"))
print(tostring(1e15), tostring(1e16), tostring(-1e-7), tostring(2^53), 3 / 2, 7 // 2, 7.0 // 2)
print(1e100, 123456789012, 0x7fffffffffffffff, math.maxinteger + 1 == math.mininteger)
print(tonumber("0x10"), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36), tonumber("10", 2), tonumber("abc"))
print(string.pack and #string.pack("i4i8d", 1, 2, 3.0), string.unpack("<i4", "\1\0\0\0"))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"), #utf8.char(128512))
for p, c in utf8.codes("aä€") do io.write(p, ":", c, " ") end
print()
-- a larger gsub workload: word frequency of a generated text
local words = {"alpha", "beta", "gamma", "delta", "epsilon"}
local buf = {}
for i = 1, 2000 do buf[#buf + 1] = words[(i * 7) % 5 + 1] end
local text = table.concat(buf, " ")
local freq = {}
for w in text:gmatch("%a+") do freq[w] = (freq[w] or 0) + 1 end
local keys = {}
for k in pairs(freq) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", freq[k], " ") end
print()
print(#text, select(2, text:gsub("a", "a")))
