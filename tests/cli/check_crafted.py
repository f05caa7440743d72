#!/usr/bin/env python3
"""The goiface command on crafted copies of a recorded fixture.

Each case copies a recording's executable or core into a scratch directory,
edits a few bytes (program headers, a moduledata, a type name, a note), runs
the command under a time limit and checks the answer: one error line and
exit 2 for input that lies, escaped text for names that carry terminal
control bytes.  Where each edit goes is found from the files' own ELF
headers and symbol tables, read here, never from goiface.

  check_crafted.py list
  check_crafted.py CASE GOIFACE FIXDIR INDEX

Exit 0 on success, 1 on a failed check.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

PT_LOAD, PT_NOTE = 1, 4
PF_X, PF_W = 1, 2
NT_FILE = 0x46494c45
EHDR_PHNUM = 56


# ---------------------------------------------------------------- ELF

class Elf:
    """A 64-bit little-endian ELF file in memory, editable in place."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = bytearray(f.read())
        self.phoff = struct.unpack_from("<Q", self.data, 32)[0]
        self.shoff = struct.unpack_from("<Q", self.data, 40)[0]
        self.phnum = struct.unpack_from("<H", self.data, EHDR_PHNUM)[0]
        self.shnum = struct.unpack_from("<H", self.data, 60)[0]
        self.shstrndx = struct.unpack_from("<H", self.data, 62)[0]

    def write(self, path):
        with open(path, "wb") as f:
            f.write(self.data)

    # program headers: (type, flags, offset, vaddr, paddr, filesz, memsz, align)
    def phdr(self, i):
        return list(struct.unpack_from("<IIQQQQQQ", self.data, self.phoff + 56 * i))

    def set_phdr(self, i, ph):
        struct.pack_into("<IIQQQQQQ", self.data, self.phoff + 56 * i, *ph)

    def phdrs(self):
        return [self.phdr(i) for i in range(self.phnum)]

    def loads(self):
        return [(i, ph) for i, ph in enumerate(self.phdrs()) if ph[0] == PT_LOAD]

    def sections(self):
        out = {}
        hdrs = [struct.unpack_from("<IIQQQQIIQQ", self.data, self.shoff + 64 * i)
                for i in range(self.shnum)]
        if not hdrs:
            return out
        strtab = hdrs[self.shstrndx]
        for h in hdrs:
            start = strtab[4] + h[0]
            name = self.data[start:self.data.index(0, start)].decode()
            out[name] = {"type": h[1], "addr": h[3], "offset": h[4], "size": h[5],
                         "link": h[6]}
        return out

    def symbols(self):
        secs = self.sections()
        if ".symtab" not in secs:
            return {}
        sym, strs = secs[".symtab"], secs[".strtab"]
        out = {}
        for off in range(sym["offset"], sym["offset"] + sym["size"], 24):
            name_off, info, other, shndx, value, size = struct.unpack_from(
                "<IBBHQQ", self.data, off)
            start = strs["offset"] + name_off
            name = self.data[start:self.data.index(0, start)].decode(errors="replace")
            out[name] = (value, size)
        return out

    def file_offset(self, address):
        """Where the dumped (or file-backed) byte at address lies in the file."""
        for _, ph in self.loads():
            if ph[3] <= address < ph[3] + ph[5]:
                return ph[2] + address - ph[3]
        raise KeyError(hex(address))

    def u64(self, off):
        return struct.unpack_from("<Q", self.data, off)[0]

    def set_u64(self, off, v):
        struct.pack_into("<Q", self.data, off, v)


# ---------------------------------------------------------------- running

class Case:
    def __init__(self, goiface, fixdir, index, scratch):
        self.goiface, self.fixdir, self.scratch = goiface, fixdir, scratch
        with open(index) as f:
            self.index = json.load(f)
        self.failures = []
        self.checked = 0

    def recording(self, stripped=False, below=None):
        """The newest plain (or stripped) non-PIE ifaces recording, optionally
        of a release older than below (a float such as 1.26)."""
        best = None
        for e in self.index:
            if e["program"] != "ifaces" or e.get("pie"):
                continue
            if e["variant"] != ("stripped" if stripped else "default"):
                continue
            rel = tuple(int(x) for x in e["release"].split("."))
            if below and rel >= below:
                continue
            if best is None or rel > best[0]:
                best = (rel, e)
        if best is None:
            raise SystemExit("no suitable recording in the index")
        e = best[1]
        return (os.path.join(self.fixdir, e["exe"]), os.path.join(self.fixdir, e["core"]),
                os.path.join(self.fixdir, e["truth"]))

    def path(self, name):
        return os.path.join(self.scratch, name)

    def run(self, args, timeout=60):
        start = time.monotonic()
        try:
            p = subprocess.run([self.goiface] + args, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            self.expect(False, f"goiface {' '.join(args)} ran past {timeout} s")
            return None
        p.seconds = time.monotonic() - start
        return p

    def expect(self, cond, message):
        self.checked += 1
        if not cond:
            self.failures.append(message)
        return cond

    def expect_refusal(self, args, *needles, timeout=60):
        """Exit 2, nothing on stdout, one line on stderr holding every needle."""
        p = self.run(args, timeout)
        if p is None:
            return None
        err = p.stderr.decode(errors="replace")
        what = f"goiface {' '.join(os.path.basename(a) for a in args)}"
        self.expect(p.returncode == 2, f"{what}: exit {p.returncode}, want 2 (stderr {err!r})")
        self.expect(p.stdout == b"", f"{what}: printed {p.stdout[:200]!r}")
        self.expect(err.count("\n") == 1 and err.startswith("goiface: "),
                    f"{what}: stderr is not one line: {err!r}")
        for n in needles:
            self.expect(n in err, f"{what}: stderr {err!r} does not say {n!r}")
        return p

    def finish(self, name):
        for f in self.failures:
            print("FAIL:", f)
        print(f"{name}: {self.checked - len(self.failures)}/{self.checked} checks passed")
        if self.checked == 0:
            print("FAIL: no checks ran")
            return 1
        return 1 if self.failures else 0


def dumped_loads(core):
    return [(i, ph) for i, ph in core.loads() if ph[5] > 0]


# ---------------------------------------------------------------- cases: cores

def case_core_filesz_over_memsz(c):
    exe, core_path, _ = c.recording()
    core = Elf(core_path)
    i, ph = dumped_loads(core)[1]
    ph[6] = ph[5] - 0x1000  # memsz one page short of what the file holds
    core.set_phdr(i, ph)
    core.write(c.path("core"))
    c.expect_refusal(["--exe", exe, "--core", c.path("core"), "version"],
                     "is corrupt", "claims 0x%x bytes in the file but maps only 0x%x"
                     % (ph[5], ph[6]))


def case_core_offsets_overlap(c):
    exe, core_path, _ = c.recording()
    core = Elf(core_path)
    loads = dumped_loads(core)
    (_, a), (j, b) = loads[1], loads[2]
    b[2] = a[2] + a[5] - 0x1000  # starts inside the previous segment's bytes
    core.set_phdr(j, b)
    core.write(c.path("core"))
    c.expect_refusal(["--exe", exe, "--core", c.path("core"), "version"],
                     "is corrupt", "overlap or precede")


def case_core_offsets_shuffled(c):
    exe, core_path, _ = c.recording()
    core = Elf(core_path)
    loads = dumped_loads(core)
    # two dumped segments of one size: swapping their offsets keeps every
    # byte inside the file, only the order tells
    pairs = [(x, y) for n, x in enumerate(loads) for y in loads[n + 1:]
             if x[1][5] == y[1][5]]
    if not c.expect(bool(pairs), "no two dumped segments of equal size to swap"):
        return
    (i, a), (j, b) = pairs[0]
    a[2], b[2] = b[2], a[2]
    core.set_phdr(i, a)
    core.set_phdr(j, b)
    core.write(c.path("core"))
    c.expect_refusal(["--exe", exe, "--core", c.path("core"), "version"],
                     "is corrupt", "overlap or precede")


def case_core_addresses_overlap(c):
    exe, core_path, _ = c.recording()
    core = Elf(core_path)
    loads = core.loads()
    (_, a), (j, b) = loads[-3], loads[-2]
    b[3] = a[3] + 0x1000  # maps over the previous segment
    core.set_phdr(j, b)
    core.write(c.path("core"))
    c.expect_refusal(["--exe", exe, "--core", c.path("core"), "version"],
                     "is corrupt", "overlap")


def case_core_without_writable_segments(c):
    """A two-byte e_phnum edit drops every header from the executable's
    writable segment on: its data would come from the executable's file."""
    exe_path, core_path, _ = c.recording()
    exe, core = Elf(exe_path), Elf(core_path)
    data = min(ph[3] for _, ph in exe.loads() if ph[1] & PF_W)
    keep = next(i for i, ph in core.loads() if ph[3] >= data)
    struct.pack_into("<H", core.data, EHDR_PHNUM, keep)
    core.write(c.path("core"))
    c.expect_refusal(["--exe", exe_path, "--core", c.path("core"), "print", "main.gRErr"],
                     "lacks the program's writable memory at 0x%x" % data)


def moduledata_in_core(exe_path, core):
    md, size = Elf(exe_path).symbols()["runtime.firstmoduledata"]
    return md, size, core.file_offset(md)


def case_core_zero_moduledata(c):
    exe, core_path, _ = c.recording()
    core = Elf(core_path)
    md, size, off = moduledata_in_core(exe, core)
    core.data[off:off + size] = bytes(size)
    core.write(c.path("core"))
    c.expect_refusal(["--exe", exe, "--core", c.path("core"), "version"],
                     "moduledata at 0x%x" % md, "types range [0x0, 0x0) is empty")


def case_core_moduledata_text_elsewhere(c):
    """text/etext (and minpc/maxpc, the same words) moved to a dumped heap
    page: mapped memory, but not the executable's code."""
    exe_path, core_path, _ = c.recording()
    exe, core = Elf(exe_path), Elf(core_path)
    syms = exe.symbols()
    text, etext = syms["runtime.text"][0], syms["runtime.etext"][0]
    exe_end = max(ph[3] + ph[6] for _, ph in exe.loads())
    heap = next(ph[3] for _, ph in dumped_loads(core) if ph[3] >= exe_end and ph[5] >= 0x2000)
    md, size, off = moduledata_in_core(exe_path, core)
    moved = 0
    for o in range(off, off + size, 8):
        if core.u64(o) == text:
            core.set_u64(o, heap)
            moved += 1
        elif abs(core.u64(o) - etext) <= 0x40:  # 1.27 ends text before the symbol
            core.set_u64(o, heap + 0x1000)
            moved += 1
    if not c.expect(moved >= 2, f"moduledata holds runtime.text/etext {moved} times"):
        return
    core.write(c.path("core"))
    c.expect_refusal(["--exe", exe_path, "--core", c.path("core"), "version"],
                     "moduledata at 0x%x" % md,
                     "text range [0x%x, 0x%x) is not inside the executable's code"
                     % (heap, heap + 0x1000))


def case_core_no_static_itabs(c):
    """itablinks emptied (len and cap 0): the audit has no static itab to
    list, and must say so rather than sort a NULL list."""
    exe_path, core_path, _ = c.recording(below=(1, 27))
    exe, core = Elf(exe_path), Elf(core_path)
    itablink = exe.sections()[".itablink"]["addr"]
    md, size, off = moduledata_in_core(exe_path, core)
    hits = [o for o in range(off, off + size - 16, 8) if core.u64(o) == itablink]
    if not c.expect(len(hits) == 1, f"moduledata holds .itablink's address {len(hits)} times"):
        return
    core.set_u64(hits[0] + 8, 0)
    core.set_u64(hits[0] + 16, 0)
    core.write(c.path("core"))
    p = c.run(["--exe", exe_path, "--core", c.path("core"), "itabs"])
    if p is None:
        return
    out = p.stdout.decode(errors="replace")
    c.expect(p.returncode in (0, 1), f"itabs: exit {p.returncode}: {p.stderr!r}")
    c.expect(b"runtime error" not in p.stderr and b"Sanitizer" not in p.stderr,
             f"itabs: sanitizer report: {p.stderr[:300]!r}")
    c.expect("static 0," in out, f"itabs: {out.splitlines()[:3]!r} does not count 0 static itabs")


# ---------------------------------------------------------------- cases: executables

def case_exe_huge_bss_no_moduledata(c):
    """A stripped executable whose writable segment claims 2^40 bytes and
    whose moduledata cannot be found: the search must stop at the file's
    bytes, not walk a terabyte of .bss."""
    exe_path, _, _ = c.recording(stripped=True, below=(1, 26))  # no .go.module
    exe = Elf(exe_path)
    pclntab = exe.sections()[".gopclntab"]["addr"]
    i, ph = next((i, ph) for i, ph in exe.loads() if ph[1] & PF_W)
    cleared = 0
    for o in range(ph[2], ph[2] + ph[5] - 7, 8):
        if exe.u64(o) == pclntab:
            exe.set_u64(o, 0)
            cleared += 1
    if not c.expect(cleared >= 1, "no word of the data points at the pclntab"):
        return
    ph[6] = 1 << 40
    exe.set_phdr(i, ph)
    exe.write(c.path("exe"))
    os.chmod(c.path("exe"), 0o755)
    p = c.expect_refusal(["--exe", c.path("exe"), "version"], "module", timeout=20)
    if p is not None:
        c.expect(p.seconds < 5, f"version took {p.seconds:.1f} s")


def case_elf_bad_version(c):
    exe_path, _, _ = c.recording()
    exe = Elf(exe_path)
    exe.data[6] = 0  # EI_VERSION
    exe.write(c.path("exe"))
    p = c.expect_refusal(["--exe", c.path("exe"), "version"],
                         "is not a valid ELF file", "ELF version 0")
    if p is not None:
        c.expect(b"no error" not in p.stderr, f"says {p.stderr!r}")


def elf_header(cls, data, machine, etype=2):
    """A bare ELF header (no program headers), 32- or 64-bit, in either
    byte order: enough for the refusal to name it."""
    end = "<" if data == 1 else ">"
    ident = b"\x7fELF" + bytes([cls, data, 1, 0]) + bytes(8)
    if cls == 1:
        return ident + struct.pack(end + "HHIIIIIHHHHHH", etype, machine, 1, 0x8048000,
                                   0, 0, 0, 52, 32, 0, 40, 0, 0) + bytes(64)
    return ident + struct.pack(end + "HHIQQQIHHHHHH", etype, machine, 1, 0x400000,
                               0, 0, 0, 64, 56, 0, 64, 0, 0) + bytes(64)


def case_exe_32bit(c):
    with open(c.path("exe386"), "wb") as f:
        f.write(elf_header(1, 1, 3))  # ELFCLASS32, little-endian, EM_386
    c.expect_refusal(["--exe", c.path("exe386"), "version"],
                     "386 (32-bit) executables are not supported yet")
    with open(c.path("exearm"), "wb") as f:
        f.write(elf_header(1, 1, 40))  # EM_ARM
    c.expect_refusal(["--exe", c.path("exearm"), "version"],
                     "arm (32-bit) executables are not supported yet")


def case_exe_big_endian(c):
    with open(c.path("exes390x"), "wb") as f:
        f.write(elf_header(2, 2, 22))  # ELFCLASS64, big-endian, EM_S390
    c.expect_refusal(["--exe", c.path("exes390x"), "version"],
                     "s390x (big-endian) executables are not supported yet")
    exe, _, _ = c.recording()
    with open(c.path("core-ppc64"), "wb") as f:
        f.write(elf_header(2, 2, 21, etype=4))  # a big-endian ppc64 core
    c.expect_refusal(["--exe", exe, "--core", c.path("core-ppc64"), "version"],
                     "ppc64 (big-endian) cores are not supported yet")


# ---------------------------------------------------------------- cases: terminal text

ESC_NAME = b"*main\x1b[2J\nrr"  # as long as "*main.ptrErr"


def case_escape_type_name(c):
    """A type name carrying ESC [2J and a newline (bytes of the executable's
    rodata, which a core does not dump): text output shows them escaped, on
    the lines they belong to; JSON keeps the bytes, as JSON escapes."""
    exe_path, core_path, truth_path = c.recording()
    exe = Elf(exe_path)
    with open(truth_path) as f:
        truth = json.load(f)
    var = next(v for v in truth["vars"] if v.get("type") == "*main.ptrErr")
    # type descriptors live in the read-only data segment (.rodata, .go.type)
    _, ro = next((i, ph) for i, ph in exe.loads() if not ph[1] & (PF_W | PF_X))
    start, end = ro[2], ro[2] + ro[5]
    name = b"*main.ptrErr"
    hits = 0
    at = exe.data.find(name, start, end)
    while at >= 0:
        exe.data[at:at + len(name)] = ESC_NAME
        hits += 1
        at = exe.data.find(name, at + 1, end)
    if not c.expect(hits >= 1, "no *main.ptrErr name in the read-only data"):
        return
    exe.write(c.path("exe"))
    os.chmod(c.path("exe"), 0o755)
    args = ["--exe", c.path("exe"), "--core", core_path, "print", var["name"]]
    orig = c.run(["--exe", exe_path, "--core", core_path, "print", var["name"]])
    p = c.run(args)
    if p is None or orig is None:
        return
    out = p.stdout
    c.expect(p.returncode == 0, f"print: exit {p.returncode}: {p.stderr!r}")
    c.expect(b"\x1b" not in out, f"print: ESC reached the terminal: {out[:300]!r}")
    c.expect(br"*main\x1b[2J\x0arr" in out, f"print: name not shown escaped: {out[:300]!r}")
    lines, want = out.count(b"\n"), orig.stdout.count(b"\n")
    c.expect(lines == want, f"print: {lines} lines, the unedited executable gives {want}")
    first = out.split(b"\n")[0]
    c.expect(first.startswith(var["static_type"].encode() + b"(")
             and br"\x1b[2J\x0arr" in first,
             f"print: first line {first!r}")
    j = c.run(args + ["--json"])
    if j is not None:
        try:
            doc = json.loads(j.stdout)
            c.expect(doc.get("dynamic_type") == ESC_NAME.decode(),
                     f"print --json: dynamic_type {doc.get('dynamic_type')!r}")
        except ValueError as e:
            c.expect(False, f"print --json: not JSON ({e}): {j.stdout[:200]!r}")


def nt_file_names(core):
    """(offset, length) of every path in the core's NT_FILE note."""
    out = []
    for ph in core.phdrs():
        if ph[0] != PT_NOTE:
            continue
        pos, end = ph[2], ph[2] + ph[5]
        while pos + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", core.data, pos)
            desc = pos + 12 + ((namesz + 3) & ~3)
            if ntype == NT_FILE:
                count = core.u64(desc)
                names = desc + 16 + 24 * count
                for _ in range(count):
                    n = core.data.index(0, names)
                    out.append((names, n - names))
                    names = n + 1
            pos = desc + ((descsz + 3) & ~3)
    return out


def case_escape_error_path(c):
    """The core names its executable (NT_FILE) with ESC and a newline in the
    path; opened with another program's executable, the error quoting that
    path is one escaped line."""
    _, core_path, _ = c.recording()
    other_exe, _, _ = c.recording(below=(1, 26))
    core = Elf(core_path)
    names = nt_file_names(core)
    if not c.expect(bool(names), "the core has no NT_FILE paths"):
        return
    for off, n in names:
        if n >= 4:
            core.data[off + 1:off + 3] = b"\x1b\n"
    core.write(c.path("core"))
    p = c.expect_refusal(["--exe", other_exe, "--core", c.path("core"), "version"],
                         "was not produced by executable", r"/\x1b\x0a")
    if p is not None:
        c.expect(b"\x1b" not in p.stderr, f"ESC reached the terminal: {p.stderr!r}")


CASES = {
    "core-filesz-over-memsz": case_core_filesz_over_memsz,
    "core-offsets-overlap": case_core_offsets_overlap,
    "core-offsets-shuffled": case_core_offsets_shuffled,
    "core-addresses-overlap": case_core_addresses_overlap,
    "core-without-writable-segments": case_core_without_writable_segments,
    "core-zero-moduledata": case_core_zero_moduledata,
    "core-moduledata-text-elsewhere": case_core_moduledata_text_elsewhere,
    "core-no-static-itabs": case_core_no_static_itabs,
    "exe-huge-bss-no-moduledata": case_exe_huge_bss_no_moduledata,
    "elf-bad-version": case_elf_bad_version,
    "exe-32bit": case_exe_32bit,
    "exe-big-endian": case_exe_big_endian,
    "escape-type-name": case_escape_type_name,
    "escape-error-path": case_escape_error_path,
}


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "list":
        print("\n".join(CASES))
        return 0
    if len(sys.argv) != 5 or sys.argv[1] not in CASES:
        print(__doc__)
        return 2
    name, goiface, fixdir, index = sys.argv[1:]
    scratch = tempfile.mkdtemp(prefix="goiface-crafted-")
    try:
        c = Case(goiface, fixdir, index, scratch)
        CASES[name](c)
        return c.finish(name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
