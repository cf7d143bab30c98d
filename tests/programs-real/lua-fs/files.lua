-- File I/O: needs a file system, so it runs with `intravisor run --root DIR
-- --rw` (natively: in DIR).  Relative paths, so both runs see the same names.
local f = assert(io.open("data.txt", "w"))
for i = 1, 1000 do f:write(i, " ", ("x"):rep(i % 50), "\n") end
print(f:seek("cur"), f:close())
f = assert(io.open("data.txt", "r"))
print(f:seek("end"), f:seek("set", 10), f:read(20), f:seek("cur"))
f:seek("set")
local n, total = 0, 0
for l in f:lines() do n = n + 1; total = total + #l end
print(n, total, f:read("l"), f:close(), io.type(f))
f = assert(io.open("data.txt", "a")); f:write("appended\n"); f:close()
local last
for l in io.lines("data.txt") do last = l end
print(last)
f = assert(io.open("data.txt", "r+")); f:seek("set", 2); f:write("XY"); f:seek("set"); print(f:read("l")); f:close()
f = assert(io.open("nums.txt", "w")); f:write("1 2.5 0x10 -7 junk\n"); f:close()
f = io.open("nums.txt"); print(f:read("n", "n", "n", "n", "n")); f:close()
print(os.rename("nums.txt", "nums2.txt"), io.open("nums.txt") == nil, os.remove("nums2.txt"))
print(os.remove("nums2.txt"))
print(io.open("no/such/dir/file", "w"))
print(pcall(io.lines, "missing.txt"))
io.output("out.txt"); io.write("via io.output\n", 3.5, "\n"); io.close(); io.output(io.stdout)
io.input("out.txt"); print(io.read("a")); io.input():close(); io.input(io.stdin)
f = io.open("bin", "wb"); f:write(string.pack("<i4d", 7, 2.5), "\0\255"); f:close()
f = io.open("bin", "rb"); local s = f:read("a"); f:close()
print(#s, string.unpack("<i4d", s))
f = io.open("bin", "rb"); f:setvbuf("no"); print(f:read(1):byte(), f:seek("cur")); f:close()
f = io.open("mod.lua", "w"); f:write("return {answer = 42, n = ...}"); f:close()
print(dofile("mod.lua").answer, loadfile("mod.lua")("x").n)
package.path = "./?.lua"
print(require("mod").answer, package.loaded.mod ~= nil)
local big = assert(io.open("big", "w"))
local chunk = ("0123456789abcdef"):rep(4096)
for _ = 1, 64 do big:write(chunk) end
big:close()
big = io.open("big"); local all = big:read("a"); big:close()
print(#all, all:sub(-16))
for _, name in ipairs({"data.txt", "out.txt", "bin", "mod.lua", "big"}) do assert(os.remove(name)) end
print("done")
