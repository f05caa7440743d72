# Test helper sourced into gdb: moves the registers of the current (live)
# thread to a goroutine parked in a given function, selects that function's
# frame, and restores the registers afterwards.  (A core's registers cannot
# be written, so this is for live processes.)
import gdb

_saved = {}


def _status(g):
    s = g["atomicstatus"]
    if s.type.strip_typedefs().code == gdb.TYPE_CODE_STRUCT:
        s = s["value"]
    return int(s)


def goiface_test_select(function):
    allgs = gdb.parse_and_eval("'runtime.allgs'")
    _saved.clear()
    for r in ("pc", "sp", "rbp"):
        _saved[r] = int(gdb.parse_and_eval("$" + r))
    for i in range(int(allgs["len"])):
        g = allgs["array"][i]
        pc = int(g["sched"]["pc"])
        if pc == 0 or _status(g) != 4:  # _Gwaiting
            continue
        gdb.execute("set $sp = %d" % int(g["sched"]["sp"]))
        gdb.execute("set $rbp = %d" % int(g["sched"]["bp"]))
        gdb.execute("set $pc = %d" % pc)
        f = gdb.newest_frame()
        depth = 0
        while f is not None and f.name() != function and depth < 64:
            f = f.older()
            depth += 1
        if f is not None and f.name() == function:
            f.select()
            print("parked goroutine frame: found")
            return
        goiface_test_restore()
    print("parked goroutine frame: not found")


def goiface_test_restore():
    for r, v in _saved.items():
        gdb.execute("set $%s = %d" % (r, v))
