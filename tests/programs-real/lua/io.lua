-- stdin/stdout through io: read numbers, lines, the rest; io.write.
-- Run as `lua -e "$(cat io.lua)"` with the data on stdin (the cVM has no
-- file system to load the script from).  File I/O (io.open, io.lines(name),
-- os.remove, os.tmpname) needs the file system and is not covered yet.
local a, b = io.read("n", "n")
print("numbers", a, b, math.type(a), math.type(b))
print("rest of line", io.read("L"))
local l = io.read("l")
print("line", l, #l)
local count, total = 0, 0
for line in io.lines() do
  if line == "END" then break end
  count = count + 1
  total = total + #line
  io.write(string.format("%3d|%s|\n", count, line:upper()))
end
print("lines", count, total)
local rest = io.read("a")
print("rest", #rest, select(2, rest:gsub("\n", "")))
print("eof", io.read("l"), io.read("a") == "", io.read(0))
io.write("multiple ", 1, " ", 2.5, " values\n")
io.stdout:write("via stdout\n")
io.stderr:write("")
print(io.type(io.stdout), io.type(42))
print(io.stdout:seek() == nil or true)
local f, err = io.open("/nonexistent-dir/x")
print("open fails", f, type(err))
