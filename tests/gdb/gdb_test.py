#!/usr/bin/env python3
"""gdb tests for goiface: run gdb in batch mode on a fixture (core or live
process), check the text it prints against the fixture's truth file.

Each check runs one gdb command between two `echo` markers, so the output
of every command (stdout and stderr, in order) is checked on its own: gdb
-batch exits 0 even when commands fail, so only the text tells.

Exit status: 0 pass, 1 fail, 77 skip (gdb missing).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The fixtures index, read the same way by every debugger's tests.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
from fixture_index import entry_release, fixture_file, load_index, release_of  # noqa: E402

SKIP = 77
TYPED_NIL_MARKER = " [typed nil: != nil]"
MARK = "@@goiface-test@@"


class Failures:
    def __init__(self):
        self.items = []
        self.checks = 0
        self.notes = []

    def check(self, ok, what, got=None, want=None):
        self.checks += 1
        if not ok:
            msg = "FAIL: " + what
            if want is not None:
                msg += "\n    want: %r" % (want,)
            if got is not None:
                msg += "\n    got:  %r" % (got,)
            self.items.append(msg)
        return ok


def go_quote(s, limit=None):
    """Go's %q for the strings of the fixtures (ASCII)."""
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def rendered_value(var):
    """The value part of Delve's line for a scalar, or None if not known."""
    value = var.get("value")
    if value is None:
        return None
    if var["kind"] == "string":
        if len(value) > 64:
            return None
        return go_quote(value)
    if var["kind"] in ("complex64", "complex128"):
        return value  # already "(1+2i)"
    return value


def expected_line(var):
    """(exact line or None, prefix the line must start with)."""
    st = var["static_type"]
    if var["nil"]:
        return st + " nil", None
    head = "%s(%s)" % (st, var["type"])
    if var["typed_nil"]:
        return head + " nil" + TYPED_NIL_MARKER, None
    value = rendered_value(var)
    if value is not None:
        return head + " " + value, None
    return None, head + " "


def normalize(line, var):
    """Delve writes complex numbers as (1 + 2i), Go's %v as (1+2i)."""
    if line is not None and var.get("kind") in ("complex64", "complex128"):
        return line.replace(" + ", "+").replace(" - ", "-")
    return line


def match_line(f, what, line, var):
    exact, prefix = expected_line(var)
    line = normalize(line, var)
    if exact is not None:
        return f.check(line == exact, what, line, exact)
    return f.check(line is not None and line.startswith(prefix), what, line,
                   prefix + "...")


class Gdb:
    def __init__(self, args):
        self.args = args
        self.gdb = args.gdb

    def run(self, commands, exe, core=None, pre=(), run_args=None, timeout=600):
        """Runs gdb once; returns ([output of each command], whole output)."""
        argv = [self.gdb, "-nx", "-batch",
                "-iex", "set pagination off",
                "-iex", "set width 0",
                "-iex", "set height 0",
                "-iex", "set confirm off",
                "-iex", "set auto-load python-scripts off"]
        argv += ["-ex", "source " + self.args.loader]
        for p in pre:
            argv += ["-ex", p]
        for i, c in enumerate(commands):
            argv += ["-ex", "echo \\n%s %d\\n" % (MARK, i), "-ex", c]
        argv += ["-ex", "echo \\n%s end\\n" % MARK]
        if run_args is not None:
            argv += ["--args", exe] + run_args
        else:
            argv.append(exe)
            if core:
                argv.append(core)
        env = dict(os.environ)
        env.pop("GOIFACE_GDB_LOADER", None)
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=timeout, env=env)
        text = proc.stdout.decode("utf-8", "replace")
        outputs = [None] * len(commands)
        parts = re.split(r"\n?%s (\d+|end)\n" % re.escape(MARK), text)
        # parts: [before, idx, chunk, idx, chunk, ...]
        for k in range(1, len(parts) - 1, 2):
            idx = parts[k]
            if idx == "end":
                continue
            chunk = parts[k + 1]
            outputs[int(idx)] = chunk
        return outputs, text


def lines_of(chunk):
    if chunk is None:
        return []
    return [l for l in chunk.split("\n")
            if l.strip() and not l.startswith("warning: Section `.reg-xstate")
            and not l.startswith("[New ") and not l.startswith("[Thread ")
            and not l.startswith("[LWP ")]


def no_python_noise(f, what, chunk):
    bad = ("Traceback", "Python Exception", "Error occurred in Python",
           "SystemError", "Segmentation fault", "internal-error")
    for b in bad:
        if chunk and b in chunk:
            f.check(False, what + ": no Python/internal errors", chunk, "no " + b)
            return False
    return True


def var_symbol(var):
    return var["name"]


# ---------------------------------------------------------------- tests


def test_print(g, a, truth, f, core=True, pre=()):
    """goiface print for every variable of the truth file, and for every
    interface field and element of its composites (main.gHolder.E,
    main.gErrArray[1], main.gIfaceSlice.array[2])."""
    vars_ = [(v, var_symbol(v)) for v in truth["vars"]]
    for c in composites_of(truth, f):
        vars_ += [(e, elem_expr(c, e, quote=False)) for e in c["elems"]]
    cmds = ["goiface print %s" % expr for v, expr in vars_]
    outs, whole = g.run(cmds, a.exe, a.core if core else None, pre=pre)
    for (v, expr), out in zip(vars_, outs):
        what = "goiface print %s" % expr
        no_python_noise(f, what, out)
        ls = lines_of(out)
        if not f.check(bool(ls), what + ": has output", out):
            continue
        match_line(f, what + ": first line", ls[0], v)
        if v.get("addr"):
            want = "  variable: %s at %s " % (expr, v["addr"])
            f.check(any(l.startswith(want) for l in ls), what + ": variable line",
                    ls[1:3], want + "...")
        want = "  words:    %s %s" % tuple(v["words"])
        f.check(want in ls, what + ": words", ls[1:4], want)
        has_warning = any(l.startswith("  warning:  typed nil") for l in ls)
        f.check(has_warning == bool(v["typed_nil"]), what + ": typed-nil warning",
                has_warning, bool(v["typed_nil"]))
        if not v["nil"] and v.get("kind") and v["kind"] != "invalid":
            f.check(any(l.startswith("  kind:     %s," % v["kind"]) for l in ls),
                    what + ": kind", [l for l in ls if "kind:" in l], v["kind"])
        if not v["is_eface"] and not v["nil"]:
            for m in v["methods"]:
                f.check(any(re.match(r"^    %s\s+pc 0x" % re.escape(m), l) for l in ls),
                        what + ": itab method " + m, None, m)
    return outs


def composites_of(truth, f=None):
    """The truth's composite variables (structs, arrays, slices holding
    interface values); the ifaces program must have some."""
    comps = truth.get("composites") or []
    if f is not None and truth.get("program", "ifaces") == "ifaces":
        f.check(bool(comps), "the truth lists composite variables (struct, slice, array)")
    return comps


def elem_expr(comp, elem, quote=True):
    """gdb's expression for one interface value inside a composite: a field
    as S.F, an array element as A[I], a slice element as S.array[I] (gdb
    indexes the slice's backing array, not the Go slice)."""
    name = "'%s'" % comp["name"] if quote else comp["name"]
    if elem.get("field") is not None:
        return "%s.%s" % (name, elem["field"])
    if comp["kind"] == "slice":
        return "%s.array[%d]" % (name, elem["index"])
    return "%s[%d]" % (name, elem["index"])


def composite_items(comp):
    """(label, exact text or None, prefix, elem or None) for each thing gdb
    prints inside the braces of a composite, in order."""
    items = []
    if comp["kind"] == "struct":
        by_field = {e["field"]: e for e in comp["elems"] if e.get("field") is not None}
        for fld in comp["fields"]:
            label = fld["name"] + " = "
            if fld["iface"]:
                e = by_field[fld["name"]]
                exact, prefix = expected_line(e)
                items.append((label, exact, prefix, e))
            else:
                items.append((label, fld.get("value"), "", None))
    else:
        for e in comp["elems"]:
            exact, prefix = expected_line(e)
            items.append(("", exact, prefix, e))
    return items


def check_composite_text(f, what, text, comp):
    """gdb's print of a whole composite: `{F = V, ...}` for a struct,
    `{V, ...}` for an array, `[]T len: N, cap: M = {V, ...}` for a slice;
    every interface field or element rendered as the truth says."""
    m = re.match(r"^\$\d+ = (.*)$", text or "")
    if not f.check(m is not None, what + ": a value", text):
        return
    body = m.group(1)
    if comp["kind"] == "slice":
        head = "%s len: %d, cap: %d = " % (comp["static_type"], comp["len"], comp["cap"])
        if not f.check(body.startswith(head), what + ": slice header", body, head + "..."):
            return
        body = body[len(head):]
    if not f.check(body.startswith("{") and body.endswith("}"), what + ": braces", body):
        return
    pos, prev_exact = 1, True
    for k, (label, exact, prefix, e) in enumerate(composite_items(comp)):
        start = label + (exact if exact is not None else prefix)
        tag = "%s: %s" % (what, e["name"] if e else label.rstrip(" ="))
        if e is not None and e.get("kind") in ("complex64", "complex128"):
            # Delve's "(1 + 2i)" vs Go's "(1+2i)": checked alone, not here.
            start, exact = label, None
        if k == 0:
            idx = pos if body.startswith(start, pos) else -1
        else:
            idx = body.find(", " + start, pos)
            if idx >= 0 and prev_exact and idx != pos:
                idx = -1  # the previous item must have been exactly its text
            if idx >= 0:
                idx += 2
        if not f.check(idx >= 0, tag, body[pos:pos + len(start) + 40], start):
            prev_exact = False  # go on from here, looking for the next item
            continue
        pos = idx + len(start)
        prev_exact = exact is not None
    if prev_exact:
        f.check(body[pos:] == "}", what + ": nothing after the last item", body[pos:], "}")


def test_pretty(g, a, truth, f):
    """Plain `print` of interface values: every global alone, and the
    interface fields and elements of the fixture's global struct, slice and
    array, whole and one by one."""
    vars_ = [v for v in truth["vars"] if v.get("addr")]
    cmds = ["print '%s'" % v["name"] for v in vars_]
    by_name = {v["name"]: v for v in truth["vars"]}
    comps = composites_of(truth, f)
    extra = []
    for c in comps:
        # The whole composite, then each interface value in it.
        extra.append(("whole", "print '%s'" % c["name"], c))
        for e in c["elems"]:
            extra.append(("elem", "print %s" % elem_expr(c, e), e))
    for c in comps:
        # Unquoted Go names, once the quoted prints above have made gdb
        # read the package's debug information.
        extra.append(("whole", "print %s" % c["name"], c))
        extra.append(("elem", "print %s" % elem_expr(c, c["elems"][-1], quote=False),
                      c["elems"][-1]))
    slices = [c for c in comps if c["kind"] == "slice" and c["len"] > 1]
    if slices:
        # `set print elements` bounds a slice (and each string in it).
        c = slices[0]
        extra.append(("set", "set print elements 1", None))
        extra.append(("bounded", "print '%s'" % c["name"], c))
        extra.append(("set", "set print elements 200", None))
    # Turning the printer off shows gdb's raw struct; on again renders.
    extra.append(("off", "set print goiface off", None))
    extra.append(("raw", "print 'main.gSErr'", "{tab = 0x"))
    if comps:
        extra.append(("raw", "print '%s'" % comps[0]["name"], "{tab = 0x"
                      if not comps[0]["elems"][0]["is_eface"] else "{_type = 0x"))
    extra.append(("on", "set print goiface on", None))
    if "main.gSErr" in by_name:
        extra.append(("again", "print 'main.gSErr'", by_name["main.gSErr"]))
    if comps:
        extra.append(("whole", "print '%s'" % comps[0]["name"], comps[0]))
    extra.append(("show", "show print goiface", None))
    cmds += [e[1] for e in extra]
    outs, whole = g.run(cmds, a.exe, a.core)
    for v, out in zip(vars_, outs):
        what = "print '%s'" % v["name"]
        no_python_noise(f, what, out)
        ls = lines_of(out)
        line = ls[0] if ls else None
        m = re.match(r"^\$\d+ = (.*)$", line or "")
        if not f.check(m is not None, what + ": a value", line):
            continue
        match_line(f, what, m.group(1), v)
    for (kind, cmd, arg), out in zip(extra, outs[len(vars_):]):
        what = "%s (%s)" % (cmd, kind)
        no_python_noise(f, what, out)
        text = " ".join(lines_of(out))
        if kind == "whole":
            check_composite_text(f, what, text, arg)
        elif kind in ("elem", "again"):
            m = re.match(r"^\$\d+ = (.*)$", text)
            if f.check(m is not None, what + ": a value", text):
                match_line(f, what, m.group(1), arg)
        elif kind == "bounded":
            head = "%s len: %d, cap: %d = {" % (arg["static_type"], arg["len"], arg["cap"])
            first = arg["elems"][0]
            after = text.split(head, 1)[1] if head in text else ""
            est = first["static_type"]
            shown = after.count(est + "(") + after.count(est + " nil")
            f.check(after.endswith("...}") and shown == 1, what + ": one element, then ...",
                    text, head + "ONE...}")
            exact = expected_line(first)[0]
            if exact is not None and first["kind"] != "string":
                f.check(after == exact + "...}", what + ": the first element", after,
                        exact + "...}")
        elif kind in ("off", "on", "set"):
            f.check(text == "", what + ": silent", text, "")
        elif kind == "raw":
            f.check(arg in text, what, text, arg)
        elif kind == "show":
            f.check(" on" in text or "\"on\"" in text, what, text, "on")


def itab_symbol_prefix(truth):
    """go.itab. up to Go 1.19, go:itab. from 1.20; None for 1.27 (hidden)."""
    r = release_of(truth.get("go_version"))
    if not r:
        return None
    minor = int(r.split(".")[1])
    if minor >= 27:
        return None
    return "go.itab." if minor <= 19 else "go:itab."


def test_itab_type(g, a, truth, f):
    """goiface itab / type of interface values, and an itab by its symbol."""
    picks = [v for v in truth["vars"] if v.get("addr") and not v["nil"]][:40]
    cmds, checks = [], []
    for v in picks:
        if not v["is_eface"]:
            cmds.append("goiface itab %s" % v["name"])
            checks.append(("itab %s: " % v["words"][0], v))
        else:
            cmds.append("goiface itab %s" % v["name"])
            checks.append(("itab: %s is an empty interface" % v["name"], v))
        cmds.append("goiface type %s" % v["name"])
        checks.append(("type %s at " % v["type"], v))
    prefix = itab_symbol_prefix(truth)
    err = [v for v in truth["vars"] if v["name"] == "main.gSErr" and not v["nil"]]
    if prefix and err:
        sym = "%s%s,error" % (prefix, err[0]["type"])
        cmds.append("goiface itab '%s'" % sym)
        checks.append(("itab %s: " % err[0]["words"][0], err[0]))
    outs, whole = g.run(cmds, a.exe, a.core)
    for cmd, (want, v), out in zip(cmds, checks, outs):
        no_python_noise(f, cmd, out)
        ls = lines_of(out)
        f.check(bool(ls) and ls[0].startswith(want), cmd, ls[:1], want + "...")


def test_itabs(g, a, truth, f):
    test_itab_type(g, a, truth, f)
    table = truth.get("itab_table")
    outs, whole = g.run(["goiface itabs", "goiface itabs --anomalies"], a.exe, a.core)
    out = outs[0]
    no_python_noise(f, "goiface itabs", out)
    ls = lines_of(out)
    head = [l for l in ls if l.startswith("itab table ")]
    if table:
        want = "itab table %s: size %d, count %d" % (table["addr"], table["size"],
                                                     table["count"])
        f.check(bool(head) and head[0].startswith(want), "goiface itabs: table line",
                head, want)
        listed = [l for l in ls if re.match(r"^  0x[0-9a-f]+  ", l)]
        addrs = set(l.split()[0] for l in listed)
        for e in table["entries"]:
            f.check(e["addr"] in addrs, "goiface itabs lists %s (%s,%s)" %
                    (e["addr"], e["type"], e["inter"]), None, e["addr"])
    f.check(any(l.startswith("itabs: ") for l in ls), "goiface itabs: summary", ls[-3:])
    f.check(any(l.startswith("anomalies: ") for l in ls), "goiface itabs: anomalies line",
            ls[-3:])
    out2 = outs[1]
    no_python_noise(f, "goiface itabs --anomalies", out2)
    ls2 = lines_of(out2)
    f.check(not any(re.match(r"^  0x[0-9a-f]+  ", l) for l in ls2),
            "goiface itabs --anomalies lists no itabs", ls2[:4])
    f.check(any(l.startswith("anomalies: ") for l in ls2),
            "goiface itabs --anomalies: anomalies line", ls2)
    # The recorded programs are real Go programs whose runtime built the
    # table: every reported anomaly is a decoding error (PIE's unrelocated
    # fun[] slots among them), so the audit must find none.
    f.check("anomalies: none" in ls2, "goiface itabs --anomalies: none in a real "
            "program's table", [l for l in ls2 if l.strip()][:8], "anomalies: none")


def test_errors(g, a, truth, f):
    """Bad operands give one error line; gdb survives everything."""
    bad = [
        "goiface print 0x10:eface",
        "goiface print 0x10:iface",
        "goiface print 0x7ffffffff000:iface",
        "goiface print 0xdeadbeef:eface",
        "goiface print no_such_variable_anywhere",
        "goiface print 'main.someInt'",
        "goiface print",
        "goiface itab 0x10",
        "goiface type 0x10",
        "goiface itab 0xfffffffffffffff0",
        "goiface bogus",
    ]
    # A fake interface over bytes that are not one: the printer must print
    # one line, whatever it finds.
    # ({T} ADDR is C syntax: gdb's Go parser has no such cast.)
    fake = ["set language c"]
    eface_vars = [v for v in truth["vars"] if v.get("addr") and v["is_eface"] and not v["nil"]]
    if eface_vars:
        fake.append("print {error} %s" % eface_vars[0]["addr"])
        fake.append("print {error} 0x10")
    fake.append("set language auto")
    # Garbage: every interface global read shifted by 8 bytes (its data
    # word taken as a type or itab pointer), as eface, iface and through the
    # printer.  Anything may come out except a crash, a hang or a Python
    # error.
    garbage = ["set language c"]
    for v in [v for v in truth["vars"] if v.get("addr")][:60]:
        addr = int(v["addr"], 16) + 8
        garbage += ["goiface print 0x%x:eface" % addr, "goiface print 0x%x:iface" % addr,
                    "print {error} 0x%x" % addr]
    garbage.append("set language auto")
    cmds = bad + fake + garbage + ["goiface version"]
    outs, whole = g.run(cmds, a.exe, a.core)
    for cmd, out in zip(garbage, outs[len(bad) + len(fake):]):
        no_python_noise(f, cmd, out)
        if cmd.startswith("set "):
            continue
        ls = [l for l in lines_of(out) if not l.startswith("Warning: the current language")]
        f.check(bool(ls), cmd + ": some output", out)
        f.check("syntax error" not in " ".join(ls), cmd + ": parsed", ls)
    for cmd, out in zip(bad, outs):
        no_python_noise(f, cmd, out)
        ls = lines_of(out)
        f.check(len(ls) == 1, cmd + ": exactly one line", ls)
    for cmd, out in zip(fake, outs[len(bad):]):
        no_python_noise(f, cmd, out)
        ls = [l for l in lines_of(out) if not l.startswith("Warning: the current language")]
        if cmd.startswith("set "):
            continue
        f.check(len(ls) == 1, cmd + ": exactly one line", ls)
        f.check("syntax error" not in " ".join(ls), cmd + ": parsed", ls)
        if cmd.endswith(" 0x10"):
            continue
        f.check(bool(ls) and "<goiface: " in ls[0], cmd + ": the reason in the line", ls)
    ver = outs[-1]
    f.check(ver is not None and "Go version: %s" % truth["go_version"].split(" ")[0] in ver,
            "gdb alive after the bad commands: goiface version", ver,
            "Go version: " + truth["go_version"])
    f.check("%s end" % MARK in whole, "gdb ran to the end", whole[-300:])


def test_nongo(g, a, truth, f):
    """From the core's crashing frame (runtime code, then the C language):
    globals by their Go names, unquoted."""
    vars_ = [v for v in truth["vars"] if v.get("addr") and v["name"].startswith("main.")][:12]
    cmds = ["frame 0"]
    cmds += ["goiface print %s" % v["name"] for v in vars_]
    cmds += ["set language c"]
    cmds += ["goiface print %s" % v["name"] for v in vars_]
    cmds += ["print %s" % v["name"] for v in vars_[:1]]
    cmds += ["print '%s'" % v["name"] for v in vars_[:1]]
    # A struct of interface values, printed in language c.
    comps = composites_of(truth, f)
    cmds += ["print '%s'" % c["name"] for c in comps[:1]]
    outs, whole = g.run(cmds, a.exe, a.core)
    frame = " ".join(lines_of(outs[0]))
    f.check(" main." not in frame.split(" at ")[0], "frame 0 is not Go code of main",
            frame)
    n = len(vars_)
    for k, v in enumerate(vars_):
        for off, lang in ((1, "auto"), (n + 2, "c")):
            out = outs[off + k]
            what = "goiface print %s (language %s)" % (v["name"], lang)
            no_python_noise(f, what, out)
            ls = lines_of(out)
            if f.check(bool(ls), what, out):
                match_line(f, what, ls[0], v)
    out = outs[2 * n + 3]
    ls = lines_of(out)
    m = re.match(r"^\$\d+ = (.*)$", ls[0] if ls else "")
    if f.check(m is not None, "print '%s' (language c)" % vars_[0]["name"], ls):
        match_line(f, "print '%s' (language c)" % vars_[0]["name"], m.group(1), vars_[0])
    for c, out in zip(comps[:1], outs[2 * n + 4:]):
        what = "print '%s' (language c)" % c["name"]
        no_python_noise(f, what, out)
        check_composite_text(f, what, " ".join(l for l in lines_of(out) if not
                                               l.startswith("Warning: the current language")),
                             c)


def parked_goroutine_commands(function):
    """gdb commands that select the frame of `function` in the goroutine
    parked there (core or live), and undo that afterwards."""
    helper = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "parked_goroutine.py")
    select = "python exec(open(%r).read()); goiface_test_select(%r)" % (helper, function)
    restore = "python goiface_test_restore()"
    return select, restore


def check_locals(f, where, locs, outs_print, outs_plain, compiler_optimized=True):
    """goiface print / print of a parked goroutine's locals against the
    truth; a local whose words the compiler dropped must give one
    "optimized out" line.  In a build without optimisations the compiler
    keeps every local, so each must decode and equal the truth."""
    optimized = set()
    for l, out in zip(locs, outs_print):
        what = "%s goiface print %s (parked goroutine local)" % (where, l["name"])
        no_python_noise(f, what, out)
        ls = lines_of(out)
        if ls and "optimized out" in ls[0]:
            f.check(len(ls) == 1, what + ": one line for optimized out", ls)
            f.check(compiler_optimized, what + ": decoded (a build without "
                    "optimisations keeps every local)", ls[0])
            optimized.add(l["name"])
            continue
        if f.check(bool(ls), what, out):
            match_line(f, what, ls[0], l)
            want = "  words:    %s %s" % tuple(l["words"])
            f.check(want in ls, what + ": words", ls[1:4], want)
    for l, out in zip(locs, outs_plain):
        what = "%s print %s (parked goroutine local)" % (where, l["name"])
        ls = lines_of(out)
        if l["name"] in optimized:
            f.check(len(ls) == 1 and "optimized out" in ls[0], what, ls)
            continue
        m = re.match(r"^\$\d+ = (.*)$", ls[0] if ls else "")
        if f.check(m is not None, what, ls):
            match_line(f, what, m.group(1), l)
    f.notes.append("%s: parked goroutine locals: %d decoded, %d optimized out by the "
                   "compiler%s" % (where, len(locs) - len(optimized), len(optimized),
                                   " (%s)" % ", ".join(sorted(optimized)) if optimized else ""))
    print("%s: parked goroutine locals decoded: %d of %d" %
          (where, len(locs) - len(optimized), len(locs)))


def test_locals(g, a, truth, f):
    """Locals of the goroutine parked with interface values, in the core."""
    gor = truth.get("goroutines") or []
    if not f.check(bool(gor), "the truth names a parked goroutine"):
        return
    select, restore = parked_goroutine_commands(gor[0]["function"])
    locs = gor[0]["locals"]
    cmds = [select]
    cmds += ["goiface print %s" % l["name"] for l in locs]
    cmds += ["print %s" % l["name"] for l in locs]
    cmds += [restore, "frame 0"]
    outs, whole = g.run(cmds, a.exe, a.core)
    found = outs[0] is not None and "parked goroutine frame: found" in outs[0]
    if not f.check(found, "core: parked goroutine frame %s selected" % gor[0]["function"],
                   outs[0]):
        return
    n = len(locs)
    check_locals(f, "core", locs, outs[1:1 + n], outs[1 + n:1 + 2 * n], a.optimized)
    f.check(gor[0]["function"] not in (outs[-1] or ""), "back on the crashing thread",
            outs[-1])


def test_live(g, a, recorded, f):
    """Run the fixture under gdb to its abort (SIGABRT stops it with every
    value in place), then check what gdb printed against the truth file
    this very run wrote.  The recorded truth only supplies the names."""
    tmp = tempfile.mkdtemp(prefix="goiface-gdb-")
    try:
        truth_path = os.path.join(tmp, "truth.json")
        pre = ["set environment GOIFACE_TRUTH=" + truth_path,
               "handle SIGURG nostop noprint pass",
               "run"]
        names = [v["name"] for v in recorded["vars"] if v.get("addr")]
        cmds = ["python print('stopped:', gdb.selected_inferior().pid != 0)"]
        cmds += ["goiface print %s" % n for n in names]
        cmds += ["print '%s'" % n for n in names]
        cmds += ["goiface itabs"]
        # The global struct, slice and array holding interface values, and
        # an element of each.
        comps = composites_of(recorded, f)
        for c in comps:
            cmds += ["print '%s'" % c["name"], "print %s" % elem_expr(c, c["elems"][0])]
        # Locals of the parked goroutine.
        gor = recorded.get("goroutines") or []
        if gor:
            select, restore = parked_goroutine_commands(gor[0]["function"])
            cmds += [select]
            cmds += ["goiface print %s" % l["name"] for l in gor[0]["locals"]]
            cmds += ["print %s" % l["name"] for l in gor[0]["locals"]]
            cmds += [restore]
        outs, whole = g.run(cmds, a.exe, pre=pre, run_args=[])
        f.check(outs[0] is not None and "stopped: True" in outs[0],
                "live: stopped at the abort", outs[0] or whole[-1500:])
        if not f.check(os.path.exists(truth_path), "live: the run wrote its truth file",
                       whole[-1500:]):
            return
        with open(truth_path) as fp:
            truth = json.load(fp)
        by_name = {v["name"]: v for v in truth["vars"]}
        n = len(names)
        for k, name in enumerate(names):
            v = by_name.get(name)
            if not f.check(v is not None, "live truth has " + name):
                continue
            out = outs[1 + k]
            what = "live goiface print %s" % name
            no_python_noise(f, what, out)
            ls = lines_of(out)
            if f.check(bool(ls), what, out):
                match_line(f, what, ls[0], v)
                want = "  words:    %s %s" % tuple(v["words"])
                f.check(want in ls, what + ": words", ls[1:4], want)
            out = outs[1 + n + k]
            what = "live print '%s'" % name
            ls = lines_of(out)
            m = re.match(r"^\$\d+ = (.*)$", ls[0] if ls else "")
            if f.check(m is not None, what, ls):
                match_line(f, what, m.group(1), v)
        i = 1 + 2 * n
        itabs = lines_of(outs[i])
        table = truth.get("itab_table")
        if table:
            want = "itab table %s: size %d, count %d" % (table["addr"], table["size"],
                                                         table["count"])
            f.check(any(l.startswith(want) for l in itabs), "live goiface itabs", itabs[:2],
                    want)
        i += 1
        live_comps = {c["name"]: c for c in truth.get("composites") or []}
        for c in comps:
            lc = live_comps.get(c["name"])
            if f.check(lc is not None, "live truth has " + c["name"]):
                what = "live print '%s'" % c["name"]
                no_python_noise(f, what, outs[i])
                check_composite_text(f, what, " ".join(lines_of(outs[i])), lc)
                what = "live print %s" % elem_expr(lc, lc["elems"][0])
                m = re.match(r"^\$\d+ = (.*)$", " ".join(lines_of(outs[i + 1])))
                if f.check(m is not None, what, outs[i + 1]):
                    match_line(f, what, m.group(1), lc["elems"][0])
            i += 2
        if gor:
            sel = outs[i]
            found = sel is not None and "parked goroutine frame: found" in sel
            f.check(found, "live: parked goroutine frame selected", sel)
            i += 1
            live_gor = [x for x in truth.get("goroutines") or []
                        if x["function"] == gor[0]["function"]]
            locs = live_gor[0]["locals"] if live_gor else []
            f.check(bool(locs), "live truth has the parked goroutine")
            if found and locs:
                n = len(gor[0]["locals"])
                check_locals(f, "live", locs, outs[i:i + n], outs[i + n:i + 2 * n],
                             a.optimized)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_help(g, a, truth, f):
    cmds = ["help goiface", "help goiface print", "help goiface itabs",
            "source " + a.loader,  # a second time: no duplicate registration
            "goiface version", "complete goiface print 'main.gSE",
            "show print goiface", "goiface"]
    outs, whole = g.run(cmds, a.exe, a.core)
    h = outs[0] or ""
    f.check("Show what Go interface values hold" in h, "help goiface: summary", h)
    for sub in ("print", "itab", "type", "itabs", "version"):
        f.check(re.search(r"goiface %s --" % sub, h) is not None,
                "help goiface lists %s" % sub, h)
    hp = outs[1] or ""
    f.check("Usage: goiface print" in hp and "ADDR:eface" in hp, "help goiface print", hp)
    f.check("Usage: goiface itabs" in (outs[2] or ""), "help goiface itabs", outs[2])
    f.check(len(lines_of(outs[3])) == 0, "sourcing goiface.py twice is silent", outs[3])
    f.check("Go version: go1." in (outs[4] or ""), "goiface version", outs[4])
    comp = lines_of(outs[5])
    if truth and any(v["name"].startswith("main.gSE") for v in truth["vars"]):
        f.check(any("goiface print 'main.gSErr'" in l for l in comp),
                "completion of goiface print 'main.gSE", comp)
    f.check("on" in (outs[6] or ""), "show print goiface", outs[6])
    f.check("goiface print" in (outs[7] or ""), "goiface alone shows its subcommands", outs[7])
    test_options(g, a, truth, f)
    test_autoload(g, a, truth, f)


def test_options(g, a, truth, f):
    """Options pass through to the command layer, before or after EXPR."""
    strs = [v for v in truth["vars"] if v.get("addr") and v.get("kind") == "string"
            and v.get("value") and len(v["value"]) > 4]
    errs = [v for v in truth["vars"] if v.get("addr") and not v["is_eface"] and not v["nil"]]
    cmds, checks = [], []
    if strs:
        v = strs[0]
        cmds.append("goiface print --max-string 3 %s" % v["name"])
        checks.append(("starts", '%s(%s) "%s' % (v["static_type"], v["type"], v["value"][:3])))
        cmds.append("goiface print %s --max-string 3" % v["name"])
        checks.append(("starts", '%s(%s) "%s' % (v["static_type"], v["type"], v["value"][:3])))
        cmds.append("goiface print -- %s" % v["name"])
        checks.append(("exact", expected_line(v)[0]))
    if errs:
        v = errs[0]
        cmds.append("goiface print --json %s" % v["name"])
        checks.append(("json", v))
    outs, whole = g.run(cmds, a.exe, a.core)
    for cmd, (kind, want), out in zip(cmds, checks, outs):
        ls = lines_of(out)
        line = ls[0] if ls else None
        if kind == "starts":
            f.check(line is not None and line.startswith(want) and
                    line != expected_line(strs[0])[0], cmd, line, want + "...")
        elif kind == "exact":
            f.check(line == want, cmd, line, want)
        elif kind == "json":
            try:
                j = json.loads(line or "")
            except ValueError:
                j = None
            f.check(isinstance(j, dict) and j.get("name") == want["name"] and
                    j.get("dynamic_type") == want["type"] and
                    j.get("addr") == want["addr"], cmd, line)


def test_autoload(g, a, truth, f):
    """goiface-gdb.py, linked under an auto-load directory by the
    executable's absolute path, loads goiface when gdb opens the program."""
    script = os.path.join(os.path.dirname(os.path.abspath(a.loader)), "goiface-gdb.py")
    if not f.check(os.path.exists(script), "goiface-gdb.py beside goiface.py", script):
        return
    tmp = tempfile.mkdtemp(prefix="goiface-autoload-")
    try:
        exe = os.path.realpath(a.exe)
        target = os.path.join(tmp, exe.lstrip("/") + "-gdb.py")
        os.makedirs(os.path.dirname(target))
        os.symlink(script, target)
        argv = [g.gdb, "-nx", "-batch",
                "-iex", "set auto-load scripts-directory " + tmp,
                "-iex", "add-auto-load-safe-path " + tmp,
                "-iex", "set auto-load python-scripts on",
                "-ex", "goiface version", exe]
        if a.core:
            argv.append(a.core)
        env = dict(os.environ)
        env.pop("GOIFACE_GDB_LOADER", None)
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=600, env=env)
        out = proc.stdout.decode("utf-8", "replace")
        f.check("Go version: go1." in out, "auto-loaded goiface-gdb.py", out[-800:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def match_tail(f, what, line, var):
    """The line after the static type (ADDR forms name the interface from
    the itab, not from DWARF): "(T) value", " nil", "(T) nil [typed nil...]"."""
    exact, prefix = expected_line(var)
    st = var["static_type"]
    line = normalize(line, var)
    if exact is not None:
        tail = exact[len(st):]
        if var["nil"]:
            tail = "nil"  # without a static type the line is just "nil"
        return f.check(line is not None and line.endswith(tail), what, line, "..." + tail)
    tail = prefix[len(st):]
    return f.check(line is not None and tail in line, what, line, "..." + tail + "...")


def test_stripped(g, a, truth, f):
    """A stripped executable: the Go release from its build information, the
    moduledata found without symbols, values by address."""
    vars_ = [v for v in truth["vars"] if v.get("addr")]
    cmds = ["goiface version"]
    cmds += ["goiface print %s:%s" % (v["addr"], "eface" if v["is_eface"] else "iface")
             for v in vars_]
    outs, whole = g.run(cmds, a.exe, a.core)
    want = "Go version: %s (from .go.buildinfo)" % truth["go_version"].split(" ")[0]
    f.check(outs[0] is not None and want in outs[0], "goiface version (stripped)",
            outs[0], want)
    for v, out in zip(vars_, outs[1:]):
        what = "goiface print %s:… (%s, stripped)" % (v["addr"], v["name"])
        no_python_noise(f, what, out)
        ls = lines_of(out)
        if f.check(bool(ls), what, out):
            match_tail(f, what, ls[0], v)
            w = "  words:    %s %s" % tuple(v["words"])
            f.check(w in ls, what + ": words", ls[1:4], w)


def run_cli(a, *args):
    """The standalone goiface on the fixture: (exit status, output lines)."""
    proc = subprocess.run([a.cli, "--exe", a.exe, "--core", a.core] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, timeout=300)
    return proc.returncode, [l for l in proc.stdout.decode("utf-8", "replace").split("\n")
                             if l.strip()]


def first_type_of_module(a, f):
    """The start of the first module's types section and the first type
    descriptor in it (on 1.27 the section is .go.type, whose first page it
    shares with the end of .gopclntab), as the standalone command sees them;
    (start, None) if no descriptor decodes there."""
    rc, ls = run_cli(a, "version", "--json")
    try:
        types = int(json.loads("\n".join(ls))["modules"][0]["types"], 16)
    except (ValueError, KeyError, IndexError, TypeError):
        f.check(False, "goiface version --json (standalone): modules[0].types", ls)
        return None, None
    # The section may open with a few bytes that are no descriptor.
    for off in range(0, 0x40, 8):
        if run_cli(a, "type", "0x%x" % (types + off))[0] == 0:
            return types, types + off
    return types, None


def test_types(g, a, truth, f):
    """goiface type ADDR prints in gdb what the standalone command prints
    from the same core, for the type descriptors the truth names (eface type
    words, the itab table's interface and concrete types) and the first
    descriptor of the types section: gdb's page-sized reads must not turn
    into zeros where a page spans a gap between the executable's sections."""
    if not a.cli or not os.path.exists(a.cli):
        f.check(False, "the standalone goiface (--cli) is needed", a.cli)
        return
    addrs = []
    for v in truth["vars"]:
        if v["is_eface"] and not v["nil"] and v["words"][0] not in addrs:
            addrs.append(v["words"][0])
    for e in (truth.get("itab_table") or {}).get("entries", []):
        for k in ("type_addr", "inter_addr"):
            if e.get(k) and e[k] not in addrs:
                addrs.append(e[k])
    types, first = first_type_of_module(a, f)
    minor = int((release_of(truth.get("go_version")) or "0.0").split(".")[1])
    if minor >= 27:
        # The case that needs section-bounded reads: the page holding the
        # first descriptor starts before the types section.
        f.check(first is not None and types % 0x1000 != 0,
                "a type descriptor at the start of the types section, on a page "
                "shared with the section before",
                None if types is None else "types 0x%x, first %s" % (types, first))
    if first is not None:
        addrs.insert(0, "0x%x" % first)
    f.check(len(addrs) > 1, "type addresses to check", addrs)
    cmds = ["goiface type %s" % x for x in addrs]
    outs, whole = g.run(cmds, a.exe, a.core)
    for x, cmd, out in zip(addrs, cmds, outs):
        no_python_noise(f, cmd, out)
        rc, want = run_cli(a, "type", x)
        if not f.check(rc == 0, "goiface type %s (standalone) decodes" % x, want):
            continue
        f.check(lines_of(out) == want, cmd + ": same text as the standalone command",
                lines_of(out), want)


TESTS = {
    "stripped": test_stripped,
    "locals": test_locals,
    "print": test_print,
    "pretty": test_pretty,
    "itabs": test_itabs,
    "types": test_types,
    "errors": test_errors,
    "nongo": test_nongo,
    "live": test_live,
    "help": test_help,
}


# ---------------------------------------------------------------- fixtures


def fixtures_of(index, fixtures_dir, release, stripped=False):
    """The unstripped (or only the stripped) fixtures of one release: dicts
    with exe, core, truth."""
    out = []
    for entry in load_index(index) or []:
        if entry_release(entry) != release:
            continue
        variant = str(entry.get("variant", "default"))
        is_stripped = bool(entry.get("stripped")) or "strip" in variant
        if is_stripped != stripped:
            continue  # gdb needs symbols to name variables
        out.append({
            "program": str(entry.get("program", "?")),
            "variant": variant,
            "exe": fixture_file(entry, fixtures_dir, "exe", "binary", "executable"),
            "core": fixture_file(entry, fixtures_dir, "core"),
            "truth": fixture_file(entry, fixtures_dir, "truth"),
            # Only an entry that says so is taken as built without
            # optimisations (every local kept).
            "optimized": entry.get("optimized") is not False,
        })
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gdb", default="gdb")
    ap.add_argument("--loader", help="goiface.py")
    ap.add_argument("--test", choices=sorted(TESTS))
    ap.add_argument("--exe")
    ap.add_argument("--core")
    ap.add_argument("--truth")
    ap.add_argument("--index", help="fixtures/index.json (instead of --exe/--core/--truth)")
    ap.add_argument("--fixtures-dir", default="")
    ap.add_argument("--cli", help="the standalone goiface, for the types check")
    ap.add_argument("--release", help="go1.N: the fixtures of that release")
    ap.add_argument("--list-releases", action="store_true")
    ap.add_argument("--stripped", action="store_true",
                    help="with --list-releases: releases with a stripped fixture")
    args = ap.parse_args()

    if args.list_releases:
        seen = []
        if args.index and os.path.exists(args.index):
            for e in load_index(args.index) or []:
                r = entry_release(e)
                if args.stripped and not (e.get("stripped") or
                                          "strip" in str(e.get("variant", ""))):
                    continue
                if r and r not in seen:
                    seen.append(r)
        print(";".join(sorted(seen, key=lambda r: tuple(int(x) for x in r[2:].split(".")))))
        return 0

    if not args.test or not args.loader:
        ap.error("--test and --loader are needed")
    gdb = args.gdb if os.path.isabs(args.gdb) else shutil.which(args.gdb or "gdb")
    if not gdb or not os.path.exists(gdb):
        if os.environ.get("CI") == "true":
            print("FAIL: gdb not found (%s), and CI=true allows no skips" % args.gdb)
            return 1
        print("SKIP: gdb not found (%s)" % args.gdb)
        return SKIP
    args.gdb = gdb
    if not os.path.exists(args.loader):
        print("FAIL: missing %s" % args.loader)
        return 1

    if args.index:
        stripped = args.test == "stripped"
        fixtures = fixtures_of(args.index, args.fixtures_dir, args.release, stripped)
        if args.test != "itabs":
            # The interface values live in the ifaces program; manyitabs
            # is there for the itab audit.
            fixtures = [fx for fx in fixtures if fx["program"] in ("ifaces", "?")]
        if not fixtures:
            print("FAIL: no %s fixtures for %s in %s" % (
                "stripped" if stripped else "unstripped", args.release, args.index))
            return 1
        if args.test in ("live", "help"):
            # One run is enough; a build without optimisations keeps the
            # parked goroutine's locals readable.
            fixtures.sort(key=lambda fx: (0 if "noopt" in fx["variant"] else
                                          1 if fx["variant"] == "default" else 2))
            fixtures = fixtures[:1]
    else:
        fixtures = [{"program": "-", "variant": "-", "exe": args.exe, "core": args.core,
                     "truth": args.truth, "optimized": True}]

    total = Failures()
    for fx in fixtures:
        where = "%s/%s" % (fx["program"], fx["variant"])
        missing = [k for k in ("exe", "core", "truth")
                   if not fx[k] and not (k == "core" and args.test == "live")]
        missing += [k for k in ("exe", "core", "truth") if fx[k] and not os.path.exists(fx[k])]
        if missing:
            total.check(False, "%s: fixture files missing: %s" % (where, ", ".join(missing)))
            continue
        with open(fx["truth"]) as fp:
            truth = json.load(fp)
        a = argparse.Namespace(**vars(args))
        a.exe, a.core, a.truth = fx["exe"], fx["core"], fx["truth"]
        a.optimized = fx["optimized"]
        f = Failures()
        TESTS[args.test](Gdb(a), a, truth, f)
        total.checks += f.checks
        total.items += ["[%s] %s" % (where, i) for i in f.items]
        total.notes += ["[%s] %s" % (where, n) for n in f.notes]
        print("%s %s: %d checks, %d failed" % (args.test, where, f.checks, len(f.items)))
    for item in total.items:
        print(item)
    for note in total.notes:
        print("note: " + note)
    print("%s: %d checks, %d failed" % (args.test, total.checks, len(total.items)))
    return 1 if total.items or total.checks == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
