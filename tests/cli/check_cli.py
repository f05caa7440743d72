#!/usr/bin/env python3
"""Checks the goiface command against the recorded fixtures.

Ground truth comes from outside goiface: each recording's truth.json (written
by the Go program itself through reflect and fmt) and the unstripped
executable's ELF symbol table (read with readelf).

  check_cli.py list INDEX                      release/program/variant lines for CMake
  check_cli.py print      GOIFACE FIXDIR INDEX KEY
  check_cli.py itabs-core GOIFACE FIXDIR INDEX KEY
  check_cli.py itabs-exe  GOIFACE FIXDIR INDEX KEY
  check_cli.py commands   GOIFACE FIXDIR INDEX KEY   (version, itab, type)
  check_cli.py print-nodwarf GOIFACE FIXDIR INDEX KEY (symbols, no DWARF)
  check_cli.py live       GOIFACE FIXDIR INDEX KEY   (--pid on the running program)
  check_cli.py errors     GOIFACE FIXDIR INDEX

KEY is release/program/variant (1.26/ifaces/pie).  Exit 0 on success, 1 on a
mismatch (every mismatch is listed), 77 when the check does not apply.
"""
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def load_index(path):
    with open(path) as f:
        return json.load(f)


def key_of(entry):
    return f"{entry['release']}/{entry['program']}/{entry['variant']}"


def find_entry(index, key):
    for e in index:
        if key_of(e) == key:
            return e
    raise SystemExit(f"no recording {key} in the index")


def paths(fixdir, entry):
    return (os.path.join(fixdir, entry["exe"]), os.path.join(fixdir, entry["core"]),
            os.path.join(fixdir, entry["truth"]))


def run(goiface, args, timeout=120):
    p = subprocess.run([goiface] + args, capture_output=True, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr


class Report:
    def __init__(self, what):
        self.what = what
        self.failures = []
        self.checked = 0

    def expect(self, cond, message):
        self.checked += 1
        if not cond:
            self.failures.append(message)

    def finish(self):
        for f in self.failures:
            print("FAIL:", f)
        print(f"{self.what}: {self.checked - len(self.failures)}/{self.checked} checks passed")
        if self.checked == 0:
            print(f"FAIL: {self.what}: no checks ran")
            return 1
        return 1 if self.failures else 0


# ---------------------------------------------------------------- print

def print_one(goiface, exe, core, var, stripped, options=()):
    """Runs print --json on one truth variable; returns (var, rc, doc, stderr)."""
    if stripped:
        # No symbols, no DWARF: the address form is the only way in.
        operand = f"{var['addr']}:{'eface' if var['is_eface'] else 'iface'}"
    else:
        operand = var["name"]
    rc, out, err = run(goiface, ["--exe", exe, "--core", core, "print", "--json",
                                 *options, operand])
    doc = None
    if rc == 0:
        try:
            doc = json.loads(out)
        except ValueError as e:
            err = f"output is not JSON ({e}): {out[:200]}"
    return var, rc, doc, err


def hide_dwarf(src, dst):
    """Copies an ELF executable with its DWARF sections renamed away
    (.debug_* / .zdebug_* become .nodbg_* / .znodbg_*), so no DWARF reader
    finds them.  Unlike objcopy --strip-debug, every other byte stays put, so
    the copy still matches a core of the original."""
    import struct
    data = bytearray(open(src, "rb").read())
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sh = shoff + shstrndx * shentsize
    off, size = struct.unpack_from("<QQ", data, sh + 0x18)
    names = bytes(data[off:off + size]).replace(b".debug_", b".nodbg_")
    names = names.replace(b".zdebug_", b".znodbg_")
    data[off:off + size] = names
    with open(dst, "wb") as f:
        f.write(data)
    os.chmod(dst, 0o755)


def spoil_dwarf(src, dst):
    """Copies an ELF executable with garbage over the start of its
    .debug_info contents (past the compression header when compressed), so
    the DWARF is there but cannot be read."""
    import struct
    data = bytearray(open(src, "rb").read())
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    stroff, = struct.unpack_from("<Q", data, shoff + shstrndx * shentsize + 0x18)
    for i in range(shnum):
        sh = shoff + i * shentsize
        name, _, flags = struct.unpack_from("<IIQ", data, sh)
        off, size = struct.unpack_from("<QQ", data, sh + 0x18)
        end = data.index(b"\0", stroff + name)
        if bytes(data[stroff + name:end]) in (b".debug_info", b".zdebug_info"):
            start = off + (24 if flags & 0x800 else 0)  # SHF_COMPRESSED: Elf64_Chdr
            data[start:start + 64] = b"\xff" * 64
            break
    else:
        raise ValueError(f"{src} has no .debug_info")
    with open(dst, "wb") as f:
        f.write(data)
    os.chmod(dst, 0o755)


def check_print(goiface, fixdir, index, key, without_dwarf=False):
    entry = find_entry(index, key)
    exe, core, truth_path = paths(fixdir, entry)
    tmp = None
    if without_dwarf:
        # The same executable with its symbol table but without DWARF: NAME
        # resolves through the symbols and the kind of interface is read off
        # the value.  objcopy leaves every loaded byte where it was.
        if entry["stripped"]:
            return SKIP
        tmp = tempfile.mkdtemp(prefix="goiface-cli-nodwarf-")
        stripped_exe = os.path.join(tmp, "exe")
        hide_dwarf(exe, stripped_exe)
        exe = stripped_exe
    try:
        return print_all(goiface, exe, core, truth_path, entry, key, without_dwarf)
    finally:
        if tmp:
            shutil.rmtree(tmp)


def print_all(goiface, exe, core, truth_path, entry, key, without_dwarf):
    with open(truth_path) as f:
        truth = json.load(f)
    report = Report(f"print {key}{' without DWARF' if without_dwarf else ''}")
    variables = [v for v in truth["vars"] if v.get("addr")]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(
            lambda v: print_one(goiface, exe, core, v, entry["stripped"]), variables))
    for var, rc, doc, err in results:
        name = var["name"]
        report.expect(rc == 0, f"{name}: exit status {rc}: {err.strip()}")
        if rc != 0 or doc is None:
            continue
        report.expect(doc.get("addr") == var["addr"],
                      f"{name}: addr {doc.get('addr')} != truth {var['addr']}")
        report.expect(doc.get("nil") == var["nil"],
                      f"{name}: nil {doc.get('nil')} != truth {var['nil']}")
        report.expect(doc.get("typed_nil") == var["typed_nil"],
                      f"{name}: typed_nil {doc.get('typed_nil')} != truth {var['typed_nil']}")
        if not entry["stripped"] and not without_dwarf:
            report.expect(doc.get("static_type") == var["static_type"],
                          f"{name}: static_type {doc.get('static_type')!r} != truth"
                          f" {var['static_type']!r}")
        if var["nil"]:
            report.expect(doc.get("dynamic_type") in (None, "<nil>"),
                          f"{name}: nil interface with dynamic_type {doc.get('dynamic_type')!r}")
            report.expect(doc.get("itab") is None,
                          f"{name}: nil interface with an itab")
            continue
        report.expect(doc.get("dynamic_type") == var["type"],
                      f"{name}: dynamic_type {doc.get('dynamic_type')!r} != truth %T"
                      f" {var['type']!r}")
        report.expect(doc.get("kind") == var["kind"],
                      f"{name}: kind {doc.get('kind')!r} != truth {var['kind']!r}")
        if var.get("value") is not None:
            cut = var["kind"] == "string" and len(var["value"].encode()) > 64
            want = var["value"].encode()[:64].decode(errors="replace") if cut else var["value"]
            report.expect(doc.get("value") == want,
                          f"{name}: value {doc.get('value')!r} != truth %v {var['value']!r}")
            report.expect(doc.get("value_truncated") is cut,
                          f"{name}: value_truncated {doc.get('value_truncated')!r}, the truth's"
                          f" value has {len(var['value'].encode())} bytes (--max-string 64)")
        if not var["is_eface"]:
            itab = doc.get("itab") or {}
            got = [m.get("name") for m in itab.get("methods", [])]
            report.expect(got == var["methods"],
                          f"{name}: itab methods {got} != truth {var['methods']}")
    # A value cut by --max-string says so.
    longer = [v for v in variables if v.get("kind") == "string" and v.get("value")
              and len(v["value"].encode()) > 3 and v["value"].isascii()]
    if truth.get("program") == "ifaces":
        report.expect(bool(longer), "the truth has a string variable longer than 3 bytes")
    for var in longer[:1]:
        _, rc, doc, err = print_one(goiface, exe, core, var, entry["stripped"],
                                    ["--max-string", "3"])
        doc = doc or {}
        report.expect(doc.get("value") == var["value"][:3] and doc.get("value_truncated") is True,
                      f"{var['name']} --max-string 3: value {doc.get('value')!r}, value_truncated"
                      f" {doc.get('value_truncated')!r} (truth {var['value']!r}): {err.strip()}")
    return report.finish()


# ---------------------------------------------------------------- itabs

def itabs_json(goiface, args):
    rc, out, err = run(goiface, args + ["itabs", "--json"])
    if rc not in (0, 1):
        return rc, None, err
    try:
        return rc, json.loads(out), err
    except ValueError as e:
        return rc, None, f"output is not JSON: {e}"


def check_itabs_core(goiface, fixdir, index, key):
    entry = find_entry(index, key)
    exe, core, truth_path = paths(fixdir, entry)
    with open(truth_path) as f:
        truth = json.load(f)
    report = Report(f"itabs on the core {key}")
    rc, doc, err = itabs_json(goiface, ["--exe", exe, "--core", core])
    report.expect(doc is not None, f"itabs failed (status {rc}): {err.strip()}")
    if doc is None:
        return report.finish()
    report.expect(rc == 0, f"status {rc}: anomalies in a healthy program:"
                  f" {[a['message'] for a in doc.get('anomalies', [])][:10]}")
    report.expect(doc.get("anomalies") == [], "anomalies reported")
    table = truth.get("itab_table")
    if table is None:
        print("truth has no itab table")
        return report.finish()
    got_table = doc.get("table") or {}
    report.expect(got_table.get("addr") == table["addr"],
                  f"table addr {got_table.get('addr')} != truth {table['addr']}")
    report.expect(got_table.get("size") == table["size"],
                  f"table size {got_table.get('size')} != truth {table['size']}")
    report.expect(got_table.get("count") == table["count"],
                  f"table count {got_table.get('count')} != truth {table['count']}")
    ours = {i["addr"]: i for i in doc.get("itabs", []) if i.get("in_table")}
    theirs = {e["addr"]: e for e in table["entries"]}
    report.expect(set(ours) == set(theirs),
                  f"table entries differ: only goiface {sorted(set(ours) - set(theirs))[:5]},"
                  f" only truth {sorted(set(theirs) - set(ours))[:5]}")
    for addr, t in theirs.items():
        o = ours.get(addr)
        if not o:
            continue
        report.expect(o.get("interface") == t["inter"] and o.get("type") == t["type"],
                      f"itab {addr}: ({o.get('type')},{o.get('interface')}) != truth"
                      f" ({t['type']},{t['inter']})")
        report.expect(o.get("negative") == (not t["implements"]),
                      f"itab {addr}: negative {o.get('negative')} but truth implements"
                      f" {t['implements']}")
    # Every pair the program made at run time is in the table as "runtime".
    runtime_pairs = {(i.get("interface"), i.get("type")) for i in ours.values()
                     if i.get("origin") == "runtime"}
    for p in truth.get("runtime_itabs", []):
        report.expect((p["inter"], p["type"]) in runtime_pairs,
                      f"run-time itab ({p['type']},{p['inter']}) not reported as runtime")
    return report.finish()


ITAB_SYMBOL = re.compile(r"^go[.:]itab\.")


def itab_symbols(exe):
    """Addresses of the linker's itab symbols, from readelf's symbol table."""
    out = subprocess.run(["readelf", "-Ws", "--wide", exe], capture_output=True,
                         text=True, check=True).stdout
    addrs = set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 8 and ITAB_SYMBOL.match(fields[7]) and fields[3] == "OBJECT":
            addrs.add(int(fields[1], 16))
    return addrs


def load_segments(exe):
    """[start, end) of the executable's PT_LOAD segments (readelf -l)."""
    out = subprocess.run(["readelf", "-lW", exe], capture_output=True, text=True,
                         check=True).stdout
    segs = []
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == "LOAD":
            start, memsz = int(f[2], 16), int(f[5], 16)
            segs.append((start, start + memsz))
    return segs


def symbol_value(exe, name):
    out = subprocess.run(["readelf", "-Ws", "--wide", exe], capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[7] == name:
            return int(f[1], 16)
    return None


def truth_static_itabs(entry, exe, truth):
    """The itabs of the program's own itab table that lie in the executable's
    image (the linker's; run-time ones are allocated outside it), at link-time
    addresses.  None when the PIE load bias cannot be known."""
    table = truth.get("itab_table")
    if not table:
        return None
    bias = 0
    if entry.get("pie"):
        var = next((v for v in truth["vars"] if v.get("addr")), None)
        value = symbol_value(exe, var["name"]) if var else None
        if value is None:
            return None
        bias = int(var["addr"], 16) - value
    segs = load_segments(exe)
    addrs = set()
    for e in table["entries"]:
        a = int(e["addr"], 16) - bias
        if any(lo <= a < hi for lo, hi in segs):
            addrs.add(a)
    return addrs


def static_itabs(goiface, exe, report):
    rc, doc, err = itabs_json(goiface, ["--exe", exe])
    report.expect(doc is not None and rc == 0,
                  f"itabs on {exe} failed (status {rc}): {err.strip()}"
                  + (f" {[a['message'] for a in doc['anomalies']][:5]}" if doc else ""))
    if doc is None:
        return None
    return [i for i in doc.get("itabs", []) if i.get("origin") == "static"]


def check_itabs_exe(goiface, fixdir, index, key):
    entry = find_entry(index, key)
    report = Report(f"itabs on the executable {key}")
    if entry["stripped"]:
        # The same release's unstripped build of the same program is the
        # reference: both must list the same (type, interface) pairs.
        ref = [e for e in index if e["release"] == entry["release"]
               and e["program"] == entry["program"] and not e["stripped"]
               and e.get("pie") == entry.get("pie")]
        if not ref:
            print("no unstripped build of this release to compare with")
            return SKIP
        mine = static_itabs(goiface, paths(fixdir, entry)[0], report)
        theirs = static_itabs(goiface, paths(fixdir, ref[0])[0], report)
        if mine is None or theirs is None:
            return report.finish()
        pairs = sorted((i["type"], i["interface"]) for i in mine)
        ref_pairs = sorted((i["type"], i["interface"]) for i in theirs)
        report.expect(len(mine) > 0, "no static itabs found")
        report.expect(pairs == ref_pairs,
                      f"stripped build finds {len(pairs)} itabs, {key_of(ref[0])} finds"
                      f" {len(ref_pairs)}; only stripped: "
                      f"{sorted(set(pairs) - set(ref_pairs))[:5]}, only unstripped: "
                      f"{sorted(set(ref_pairs) - set(pairs))[:5]}")
        return report.finish()
    exe, _, truth_path = paths(fixdir, entry)
    with open(truth_path) as f:
        truth = json.load(f)
    found = static_itabs(goiface, exe, report)
    if found is None:
        return report.finish()
    addrs = {int(i["addr"], 16) for i in found}
    symbols = itab_symbols(exe)
    if symbols:
        report.expect(addrs == symbols,
                      f"goiface finds {len(addrs)} static itabs, the symbol table has"
                      f" {len(symbols)}; only goiface: {[hex(a) for a in sorted(addrs - symbols)][:5]},"
                      f" only symbols: {[hex(a) for a in sorted(symbols - addrs)][:5]}")
    else:
        print("the symbol table has no itab symbols (Go 1.27 hides them)")
    # The runtime adds every linker itab to its table at start-up: those in
    # the program's own table that lie inside the executable's image.
    in_image = truth_static_itabs(entry, exe, truth)
    if in_image is not None:
        report.expect(addrs == in_image,
                      f"goiface finds {len(addrs)} static itabs, the program's table holds"
                      f" {len(in_image)} inside the executable; only goiface:"
                      f" {[hex(a) for a in sorted(addrs - in_image)][:5]}, only the table:"
                      f" {[hex(a) for a in sorted(in_image - addrs)][:5]}")
    if not symbols and in_image is None:
        return SKIP
    return report.finish()


# ---------------------------------------------------------------- version, itab, type

def json_command(goiface, args):
    rc, out, err = run(goiface, args)
    if rc != 0:
        return None, f"status {rc}: {err.strip()}"
    try:
        return json.loads(out), None
    except ValueError as e:
        return None, f"output is not JSON: {e}"


def check_commands(goiface, fixdir, index, key):
    """version, itab ADDR and type ADDR|NAME against the truth's words."""
    entry = find_entry(index, key)
    exe, core, truth_path = paths(fixdir, entry)
    with open(truth_path) as f:
        truth = json.load(f)
    report = Report(f"version, itab and type {key}")
    target = ["--exe", exe, "--core", core]
    doc, err = json_command(goiface, target + ["version", "--json"])
    report.expect(doc is not None, f"version: {err}")
    if doc:
        report.expect(doc.get("go_version") == truth["go_version"],
                      f"version: {doc.get('go_version')} != truth {truth['go_version']}")
        release = "go" + entry["release"]
        report.expect(doc.get("layout") == release,
                      f"version: layout {doc.get('layout')} for a {release} program")
    # Target options after the command, command options before it: GNU style.
    doc2, err = json_command(goiface, ["version", "--exe", exe, "--json", "--core", core])
    report.expect(doc2 == doc, f"version with options after the command: {err or doc2}")
    # Output limits reach the formatter.
    svar = next((v for v in truth["vars"] if v.get("addr") and v["kind"] == "string"
                 and len(v.get("value") or "") > 4), None)
    if svar and not entry["stripped"]:
        rc, full, err = run(goiface, target + ["print", svar["name"]])
        rc2, cut, err2 = run(goiface, target + ["--max-string", "2", "print", svar["name"]])
        first, first_cut = full.split("\n")[0], cut.split("\n")[0]
        report.expect(rc == 0 and rc2 == 0 and len(first_cut) < len(first)
                      and "..." in first_cut,
                      f"--max-string 2 on {svar['name']}: {first_cut!r} vs {first!r}"
                      f" {err.strip()} {err2.strip()}")
    seen_itabs, seen_types = set(), set()
    for var in truth["vars"]:
        if var["nil"] or not var.get("addr"):
            continue
        word0 = var["words"][0]
        if not var["is_eface"] and word0 not in seen_itabs:
            seen_itabs.add(word0)
            doc, err = json_command(goiface, target + ["itab", "--json", word0])
            report.expect(doc is not None, f"itab {word0} ({var['name']}): {err}")
            if doc:
                report.expect(doc.get("type") == var["type"],
                              f"itab {word0}: type {doc.get('type')!r} != truth {var['type']!r}")
                got = [m.get("name") for m in doc.get("methods", [])]
                report.expect(got == var["methods"],
                              f"itab {word0}: methods {got} != truth {var['methods']}")
                report.expect(doc.get("negative") is False, f"itab {word0}: negative")
        if var["is_eface"] and word0 not in seen_types:
            seen_types.add(word0)
            doc, err = json_command(goiface, target + ["type", "--json", word0])
            report.expect(doc is not None, f"type {word0} ({var['name']}): {err}")
            if doc:
                report.expect(doc.get("name") == var["type"],
                              f"type {word0}: name {doc.get('name')!r} != truth {var['type']!r}")
                report.expect(doc.get("kind") == var["kind"],
                              f"type {word0}: kind {doc.get('kind')!r} != truth {var['kind']!r}")
                report.expect(doc.get("size") == var["size"],
                              f"type {word0}: size {doc.get('size')} != truth {var['size']}")
            # Pointer types are listed for reflect; find them by name too.
            if var["type"].startswith("*"):
                doc, err = json_command(goiface, target + ["type", "--json", var["type"]])
                report.expect(doc is not None and doc.get("addr") == word0,
                              f"type {var['type']!r} by name: {err or doc.get('addr')}"
                              f" (truth {word0})")
    return report.finish()


# ---------------------------------------------------------------- live

def check_live(goiface, fixdir, index, key):
    """--pid on a running fixture program: it is held, values in place, in
    the open() of its truth file, a FIFO nobody reads yet; goiface reads it,
    then reading the FIFO gives the truth of that very state."""
    import resource
    import signal
    import time
    entry = find_entry(index, key)
    exe, _, truth_path = (os.path.abspath(p) for p in paths(fixdir, entry))
    report = Report(f"live process {key}")
    tmp = tempfile.mkdtemp(prefix="goiface-cli-live-")
    fifo = os.path.join(tmp, "truth.json")
    os.mkfifo(fifo)
    no_core = lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    proc = subprocess.Popen([exe, fifo], cwd=tmp, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=no_core)
    try:
        # Wait until one of its threads blocks opening the FIFO (the
        # kernel's wait_for_partner).
        deadline = time.time() + 30
        while time.time() < deadline and proc.poll() is None:
            wchans = []
            for task in glob.glob(f"/proc/{proc.pid}/task/*/wchan"):
                try:
                    with open(task) as f:
                        wchans.append(f.read())
                except OSError:
                    pass
            if any("partner" in w or "fifo" in w for w in wchans):
                break
            time.sleep(0.05)
        if proc.poll() is not None:
            print("the program exited before writing its truth")
            return SKIP
        docs = {}
        with open(truth_path) as f:
            names = [v["name"] for v in json.load(f)["vars"] if v.get("addr")]
        for name in names:
            rc, out, err = run(goiface, ["--pid", str(proc.pid), "print", "--json", name])
            if rc != 0 and "attach" in err:
                print(f"cannot attach to the process: {err.strip()}")
                return SKIP
            report.expect(rc == 0, f"{name}: status {rc}: {err.strip()}")
            if rc == 0:
                docs[name] = json.loads(out)
        with open(f"/proc/{proc.pid}/status") as f:
            state = next(l for l in f if l.startswith("State:"))
        report.expect("T" not in state.split()[1], f"process left stopped: {state.strip()}")
        rc, out, err = run(goiface, ["--pid", str(proc.pid), "itabs", "--json"])
        itabs = json.loads(out) if rc in (0, 1) else None
        report.expect(rc == 0, f"itabs on the live process: status {rc} {err.strip()}")
        with open(fifo) as f:
            truth = json.load(f)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        shutil.rmtree(tmp)
    for var in truth["vars"]:
        doc = docs.get(var["name"])
        if doc is None:
            continue
        report.expect(doc.get("addr") == var["addr"], f"{var['name']}: addr")
        report.expect(doc.get("nil") == var["nil"] and doc.get("typed_nil") == var["typed_nil"],
                      f"{var['name']}: nil/typed_nil")
        if not var["nil"]:
            report.expect(doc.get("dynamic_type") == var["type"],
                          f"{var['name']}: {doc.get('dynamic_type')!r} != {var['type']!r}")
            if var.get("value") is not None:
                report.expect(doc.get("value") == var["value"],
                              f"{var['name']}: {doc.get('value')!r} != {var['value']!r}")
    if itabs and truth.get("itab_table"):
        report.expect((itabs.get("table") or {}).get("count") == truth["itab_table"]["count"],
                      f"itab table count {(itabs.get('table') or {}).get('count')} !="
                      f" {truth['itab_table']['count']}")
    return report.finish()


# ---------------------------------------------------------------- errors

def check_errors(goiface, fixdir, index):
    report = Report("error cases")
    full = [e for e in index if not e["stripped"] and e["program"] == "ifaces"]
    if not full:
        print("no unstripped ifaces recording")
        return SKIP
    e = full[-1]
    exe, core, truth_path = paths(fixdir, e)
    other = [x for x in index if x["exe"] != e["exe"]]
    with open(truth_path) as f:
        truth = json.load(f)
    first = next(v for v in truth["vars"] if v.get("addr"))
    tmp = tempfile.mkdtemp(prefix="goiface-cli-errors-")
    try:
        truncated = os.path.join(tmp, "core.truncated")
        with open(core, "rb") as src, open(truncated, "wb") as dst:
            dst.write(src.read(4096))
        # Cut in the middle of the memory: the notes survive, pages do not.
        half = os.path.join(tmp, "core.half")
        with open(core, "rb") as src, open(half, "wb") as dst:
            dst.write(src.read(os.path.getsize(core) // 2))
        not_elf = os.path.join(tmp, "not-elf")
        with open(not_elf, "w") as f:
            f.write("this is not an ELF file\n")
        not_go = shutil.which("true") or "/bin/true"
        cases = [
            ("missing executable", ["--exe", os.path.join(tmp, "missing"), "version"]),
            ("missing core", ["--exe", exe, "--core", os.path.join(tmp, "missing"), "version"]),
            ("not ELF", ["--exe", not_elf, "version"]),
            ("core not ELF", ["--exe", exe, "--core", not_elf, "version"]),
            ("not Go", ["--exe", not_go, "version"]),
            ("truncated core", ["--exe", exe, "--core", truncated, "print", first["name"]]),
            ("half a core", ["--exe", exe, "--core", half, "print", first["name"]]),
            ("unknown Go release", ["--exe", exe, "--core", core, "--go-version", "go1.99.1",
                                    "version"]),
            ("unmapped address", ["--exe", exe, "--core", core, "print", "0x10:eface"]),
            ("unmapped itab", ["--exe", exe, "--core", core, "itab", "0x10"]),
            ("name not found", ["--exe", exe, "--core", core, "print", "main.noSuchVariable"]),
            ("not an interface", ["--exe", exe, "--core", core, "print", "runtime.buildVersion"]),
            ("bad address form", ["--exe", exe, "--core", core, "print", "0xzz:iface"]),
            ("unknown command", ["--exe", exe, "--core", core, "frobnicate"]),
            ("unknown option", ["--exe", exe, "--core", core, "print", "--bogus", first["name"]]),
            ("bad limit", ["--exe", exe, "--core", core, "print", "--max-depth", "x", first["name"]]),
            ("depth past the cap", ["--exe", exe, "--core", core, "print", "--max-depth", "65",
                                    first["name"]]),
            ("no target", ["print", first["name"]]),
            ("help for no such command", ["help", "nosuch"]),
            ("help for no such command, with a target", ["--exe", exe, "--core", core,
                                                         "help", "nosuch"]),
            ("max-depth over the cap", ["--exe", exe, "--core", core, "print", "--max-depth",
                                        "65", first["name"]]),
            ("core without exe", ["--core", core, "version"]),
        ]
        stripped = [x for x in index if x["stripped"] and x["program"] == "ifaces"]
        if stripped:
            sx, sc, _ = paths(fixdir, stripped[-1])
            cases.append(("name in a stripped executable",
                          ["--exe", sx, "--core", sc, "print", first["name"]]))
        if other:
            ox, oc, _ = paths(fixdir, other[0])
            cases.append(("core of another binary", ["--exe", exe, "--core", oc, "version"]))
        for what, args in cases:
            rc, out, err = run(goiface, args)
            lines = err.splitlines()
            report.expect(rc == 2, f"{what}: exit status {rc} (want 2); stderr {err.strip()!r}")
            report.expect(len(lines) == 1 and lines[0].startswith("goiface: "),
                          f"{what}: stderr is not one 'goiface: ' line: {err!r}")
            report.expect(out == "", f"{what}: printed to stdout: {out[:100]!r}")
            print(f"{what}: {err.strip()}")
        # DWARF that cannot be read: a nil interface found by its symbol
        # cannot say what its static type is, so its line names none (it
        # would otherwise read as "interface {} nil" for a nil error).
        spoiled = os.path.join(tmp, "exe.baddwarf")
        spoil_dwarf(exe, spoiled)
        nils = [v for v in truth["vars"] if v.get("addr") and v["nil"]
                and v["static_type"] != "interface {}"]
        report.expect(bool(nils), "the truth lists no nil non-empty interface")
        for v in nils:
            rc, out, err = run(goiface, ["--exe", spoiled, "--core", core, "print", v["name"]])
            line = out.splitlines()[0] if out else ""
            report.expect(rc == 0 and line == "(static type unknown) nil",
                          f"unreadable DWARF, {v['name']} (a nil {v['static_type']}):"
                          f" status {rc}, line {line!r}, stderr {err.strip()!r}")
            rc, out, err = run(goiface, ["--exe", exe, "--core", core, "print", v["name"]])
            line = out.splitlines()[0] if out else ""
            report.expect(line == f"{v['static_type']} nil",
                          f"intact DWARF, {v['name']}: line {line!r}")
        # Help is not an error: the whole interface on stdout, status 0.
        for args in (["--help"], ["help"], ["--exe", exe, "--help"]):
            rc, out, err = run(goiface, args)
            report.expect(rc == 0 and "Commands:" in out and "itabs" in out and err == "",
                          f"{args}: status {rc}, stderr {err.strip()!r}")
        # No arguments at all: the usage on stderr, status 2.
        rc, out, err = run(goiface, [])
        report.expect(rc == 2 and out == "" and err.startswith("Usage: goiface"),
                      f"no arguments: status {rc}, stdout {out[:60]!r}, stderr {err[:60]!r}")
        rc, out, err = run(goiface, ["print", "--help"])
        report.expect(rc == 0 and out.startswith("print NAME"), f"print --help: {out[:60]!r}")
    finally:
        shutil.rmtree(tmp)
    return report.finish()


def main(argv):
    if len(argv) >= 3 and argv[1] == "list":
        for e in load_index(argv[2]):
            print(f"{e['release']}|{e['program']}|{e['variant']}")
        return 0
    if len(argv) < 5:
        print(__doc__)
        return 2
    what, goiface, fixdir, index = argv[1], argv[2], argv[3], load_index(argv[4])
    if what == "errors":
        return check_errors(goiface, fixdir, index)
    key = argv[5]
    checks = {"print": check_print, "itabs-core": check_itabs_core,
              "itabs-exe": check_itabs_exe, "commands": check_commands,
              "print-nodwarf": lambda *a: check_print(*a, without_dwarf=True),
              "live": check_live}
    return checks[what](goiface, fixdir, index, key)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
