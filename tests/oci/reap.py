# Runs a container through the OCI runtime the way an engine's monitor
# (conmon) does: as a child subreaper, so the container process becomes our
# child and its exit status is ours to collect.
#   reap.py RUNTIME ROOT BUNDLE ID [SIGNAL-AFTER-0.3s]
# Prints "status N" (128+sig when killed by a signal).
import ctypes, os, subprocess, sys, time
libc = ctypes.CDLL(None)
libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
rt, root, bundle, cid = sys.argv[1:5]
pidf = os.path.join(root, cid + ".pid")
os.makedirs(root, exist_ok=True)
r = subprocess.run([rt, "--root", root, "create", "--bundle", bundle, "--pid-file", pidf, cid])
if r.returncode:
    print("create failed %d" % r.returncode)
    sys.exit(1)
pid = int(open(pidf).read())
subprocess.run([rt, "--root", root, "start", cid], check=True)
if len(sys.argv) > 5:
    time.sleep(0.3)
    subprocess.run([rt, "--root", root, "kill", cid, sys.argv[5]], check=True)
_, st = os.waitpid(pid, 0)
print("status %d" % (os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128 + os.WTERMSIG(st)), flush=True)
subprocess.run([rt, "--root", root, "delete", cid], check=True)
os.unlink(pidf)
