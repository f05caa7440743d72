# Test helper sourced into gdb: selects the frame of a function in a parked
# goroutine, on a core or a live process, without writing registers.  A
# frame unwinder claims the innermost frame of the current thread and gives
# it the goroutine's saved pc/sp/bp (g.sched) as its caller's registers, so
# gdb unwinds the goroutine's stack above it with the usual DWARF rules.
import gdb
from gdb.unwinder import Unwinder, register_unwinder


class _FrameId:
    def __init__(self, sp, pc):
        self.sp = sp
        self.pc = pc


class _GoroutineUnwinder(Unwinder):
    def __init__(self):
        super().__init__("goiface-test-goroutine")
        self.target = None

    def __call__(self, pending):
        if self.target is None or pending.level() != 0:
            return None
        pc, sp, bp = self.target
        rip, rsp, rbp = (pending.read_register(r) for r in ("rip", "rsp", "rbp"))
        # gdb stops unwinding when a caller's frame lies below its callee's
        # ("inner"): the goroutine's stack may lie below the thread's, so
        # the claimed frame's id is placed below the goroutine's frame.
        frame_sp = gdb.Value(min(int(rsp), sp) - 16).cast(rsp.type)
        info = pending.create_unwind_info(_FrameId(frame_sp, rip))
        info.add_saved_register("rip", gdb.Value(pc).cast(rip.type))
        info.add_saved_register("rsp", gdb.Value(sp).cast(rsp.type))
        info.add_saved_register("rbp", gdb.Value(bp).cast(rbp.type))
        return info


_unwinder = _GoroutineUnwinder()
register_unwinder(None, _unwinder, replace=True)

_Gwaiting = 4


def _status(g):
    s = g["atomicstatus"]
    if s.type.strip_typedefs().code == gdb.TYPE_CODE_STRUCT:
        s = s["value"]  # atomic.Uint32 from Go 1.20
    return int(s)


def goiface_test_select(function):
    allgs = gdb.parse_and_eval("'runtime.allgs'")
    for i in range(int(allgs["len"])):
        g = allgs["array"][i]
        if int(g["sched"]["pc"]) == 0 or _status(g) != _Gwaiting:
            continue
        _unwinder.target = (int(g["sched"]["pc"]), int(g["sched"]["sp"]),
                            int(g["sched"]["bp"]))
        gdb.invalidate_cached_frames()
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
    _unwinder.target = None
    gdb.invalidate_cached_frames()
