#!/usr/bin/python3
"""Runs lldb in batch mode with the goiface plugin and checks its output
against the fixtures' truth files.

One invocation checks one thing for one Go release (every recorded program
and variant of that release):

  print    goiface print of every truth variable: %T, nil, typed nil (and the
           text marker), kind, scalar values, itab method names
  itabs    goiface itabs: the itab table's size and count
  version  goiface version: the Go release
  errors   a bad address and an unknown name each give one error line
  live     run the fixture under lldb to its abort (SIGURG handled), then
           print every variable against the truth the run itself wrote, and
           stop once more at a breakpoint in the parked goroutine's function
           to print its locals (-N -l builds)

Exit status: 0 passed, 1 failed, 77 skipped (lldb missing).
"""
import argparse
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile

# The fixtures index, read the same way by every debugger's tests.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import fixture_index  # noqa: E402
from fixture_index import entry_release, fixture_file  # noqa: E402

SKIP = 77
PROMPT = "(lldb) "
NOISE = re.compile(r'^warning: This version of LLDB has no plugin for the language')


class Failure(Exception):
    pass


# ---- fixtures -------------------------------------------------------------

def load_index(index_path):
    entries = fixture_index.load_index(index_path)
    if entries is None:
        raise Failure("%s: no list of fixtures" % index_path)
    return entries


def fixtures_for(args):
    out = []
    for entry in load_index(args.index):
        if entry_release(entry) != args.release:
            continue
        exe = fixture_file(entry, args.fixtures_dir, "exe", "binary", "executable")
        core = fixture_file(entry, args.fixtures_dir, "core")
        truth = fixture_file(entry, args.fixtures_dir, "truth")
        if not (exe and core and truth):
            raise Failure("fixture %s/%s of %s: files missing (exe %s, core %s, truth %s)"
                          % (entry.get("program"), entry.get("variant"), args.release,
                             exe, core, truth))
        with open(truth) as f:
            t = json.load(f)
        variant = str(entry.get("variant", "default"))
        out.append({"program": entry.get("program", t.get("program")), "variant": variant,
                    "exe": exe, "core": core, "truth": t,
                    "stripped": bool(entry.get("stripped", "strip" in variant)),
                    "optimized": bool(entry.get("optimized", variant != "noopt"))})
    if not out:
        raise Failure("no fixtures recorded for %s in %s" % (args.release, args.index))
    return out


# ---- lldb -----------------------------------------------------------------

def run_lldb(args, commands, env=None, timeout=300, batch=True):
    """Runs commands in one lldb -b; returns ([(command, [output lines])],
    all output).  Commands keep running after a failed one.  lldb -b stops
    reading commands once the process stops on a signal (SIGABRT), so for
    that case batch=False runs lldb interactively with no input instead."""
    with tempfile.NamedTemporaryFile("w", suffix=".lldb", delete=False) as f:
        f.write("plugin load %s\n" % args.plugin)
        for c in commands:
            f.write(c + "\n")
        if not batch:
            f.write("process kill\nquit\n")
        script = f.name
    try:
        e = dict(os.environ)
        e.update(env or {})
        e.setdefault("TERM", "dumb")
        # Settings for the script itself must come before it (-o), or lldb
        # has already chosen to stop at its first failing command.
        argv = [args.lldb, "-x"] + (["-b"] if batch else []) + [
            "-o", "settings set interpreter.stop-command-source-on-error false",
            "-o", "settings set auto-confirm true", "-s", script]
        # Its own session, so that a hung run can be ended with everything
        # it started (lldb-server, the debugged program).
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=e, start_new_session=True)
        try:
            out, _ = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            raise Failure("lldb did not finish within %d s: %s" % (timeout, " ".join(commands)[:300]))
    finally:
        os.unlink(script)
    text = out.decode("utf-8", "replace")
    blocks = []
    for line in text.splitlines():
        if line.startswith(PROMPT):
            blocks.append((line[len(PROMPT):], []))
        elif blocks and not NOISE.match(line):
            blocks[-1][1].append(line)
    if args.verbose:
        sys.stdout.write(text)
    return blocks, text


def output_of(blocks, command):
    for c, lines in blocks:
        if c == command:
            return lines
    raise Failure("lldb did not run %r" % command)


def errors_in(lines):
    return [l for l in lines if l.startswith("error: ")]


def json_of(lines, command):
    errs = errors_in(lines)
    if errs:
        raise Failure("%s: %s" % (command, errs[0]))
    body = "\n".join(l for l in lines if not l.startswith("warning: "))
    start = body.find("{")
    if start < 0:
        raise Failure("%s: no JSON in output: %r" % (command, body[:300]))
    try:
        return json.JSONDecoder().raw_decode(body[start:])[0]
    except ValueError as exc:
        raise Failure("%s: bad JSON (%s): %r" % (command, exc, body[:300]))


# ---- checks ---------------------------------------------------------------

def method_name(m):
    name = m.get("name") if isinstance(m, dict) else m
    return (name or "").rsplit(".", 1)[-1]


def operand(var, by_address):
    if by_address:
        return "%s:%s" % (var["addr"], "eface" if var["is_eface"] else "iface")
    return var["name"]


def check_var(var, got, text, where, problems):
    def bad(what, want, have):
        problems.append("%s %s: %s is %r, truth says %r" % (where, var["name"], what, have, want))

    if bool(got.get("nil")) != var["nil"]:
        bad("nil", var["nil"], got.get("nil"))
    if bool(got.get("typed_nil")) != var["typed_nil"]:
        bad("typed_nil", var["typed_nil"], got.get("typed_nil"))
    # The top-level marker; a typed nil inside a composite value carries the
    # shorter "[typed nil]" and says nothing of the variable itself.
    marker = "typed nil: != nil" in "\n".join(text)
    if marker != var["typed_nil"]:
        bad("the typed-nil marker in the text", var["typed_nil"], marker)
    if var["nil"]:
        return
    if got.get("dynamic_type") != var["type"]:
        bad("%T", var["type"], got.get("dynamic_type"))
    if got.get("kind") != var["kind"]:
        bad("kind", var["kind"], got.get("kind"))
    if var.get("value") is not None and got.get("value") != var["value"]:
        bad("value", var["value"], got.get("value"))
    if not var["is_eface"] and var.get("methods"):
        itab = got.get("itab") or {}
        names = [method_name(m) for m in itab.get("methods") or []]
        if names != var["methods"]:
            bad("itab methods", var["methods"], names)


def print_vars(args, target_cmds, variables, by_address, where, env=None, batch=True):
    """goiface print (JSON and text) of each variable after target_cmds."""
    cmds = list(target_cmds)
    for var in variables:
        op = shlex.quote(operand(var, by_address))
        cmds.append("goiface print %s --json" % op)
        cmds.append("goiface print %s" % op)
    blocks, text = run_lldb(args, cmds, env=env, batch=batch)
    problems = []
    for var in variables:
        op = shlex.quote(operand(var, by_address))
        try:
            got = json_of(output_of(blocks, "goiface print %s --json" % op), op)
            lines = output_of(blocks, "goiface print %s" % op)
            if errors_in(lines):
                raise Failure("%s: %s" % (op, errors_in(lines)[0]))
            check_var(var, got, lines, where, problems)
        except Failure as exc:
            problems.append("%s %s: %s" % (where, var["name"], exc))
    return problems, len(variables)


def core_target(fx):
    return ["target create %s --core %s" % (shlex.quote(fx["exe"]), shlex.quote(fx["core"]))]


def globals_of(truth):
    return [v for v in truth.get("vars", []) if v.get("addr")]


def check_print(args):
    problems, n = [], 0
    for fx in fixtures_for(args):
        where = "%s %s/%s" % (args.release, fx["program"], fx["variant"])
        variables = globals_of(fx["truth"])
        if not variables:
            continue
        p, k = print_vars(args, core_target(fx), variables, fx["stripped"], where)
        problems += p
        n += k
        if not fx["stripped"]:
            # The address forms too, on a few variables.
            p, k = print_vars(args, core_target(fx), variables[:5], True, where + " (ADDR)")
            problems += p
            n += k
    return problems, n


def check_itabs(args):
    problems, n = [], 0
    for fx in fixtures_for(args):
        table = fx["truth"].get("itab_table")
        if not table:
            continue
        where = "%s %s/%s" % (args.release, fx["program"], fx["variant"])
        cmd = "goiface itabs --json"
        blocks, _ = run_lldb(args, core_target(fx) + [cmd, "goiface itabs"])
        n += 1
        try:
            got = json_of(output_of(blocks, cmd), cmd)
            t = got.get("table") or {}
            if t.get("count") != table["count"]:
                problems.append("%s: itab table count %r, truth says %r"
                                % (where, t.get("count"), table["count"]))
            if t.get("size") != table["size"]:
                problems.append("%s: itab table size %r, truth says %r"
                                % (where, t.get("size"), table["size"]))
            want = {int(e["addr"], 16) for e in table.get("entries", [])}
            have = {int(i["addr"], 16) for i in got.get("itabs") or [] if i.get("in_table")}
            if want != have:
                problems.append("%s: itab table entries differ from the truth: missing %s, extra %s"
                                % (where, sorted(hex(a) for a in want - have)[:5],
                                   sorted(hex(a) for a in have - want)[:5]))
            # A real Go runtime built this table: any anomaly is a decoding
            # error (PIE's unrelocated fun[] slots among them).
            if got.get("anomalies"):
                problems.append("%s: the audit reports anomalies in a real program's table: %s"
                                % (where, json.dumps(got["anomalies"])[:300]))
            # The executable alone: the linker's itabs, the same ones.
            exe_blocks, _ = run_lldb(args, ["target create %s" % shlex.quote(fx["exe"]), cmd])
            alone = json_of(output_of(exe_blocks, cmd), cmd + " (executable alone)")
            # (Compared by name: a PIE's addresses differ by the load bias.)
            static = sorted((i.get("interface"), i.get("type")) for i in got.get("itabs") or []
                            if i.get("origin") == "static")
            static_alone = sorted((i.get("interface"), i.get("type"))
                                  for i in alone.get("itabs") or [])
            if not alone.get("static_only") or alone.get("runtime") or static_alone != static:
                problems.append("%s: executable alone: static_only %r, runtime %r, %d itabs"
                                " (the core has %d static ones)"
                                % (where, alone.get("static_only"), alone.get("runtime"),
                                   len(static_alone), len(static)))
            text = output_of(blocks, "goiface itabs")
            if errors_in(text) or not text:
                problems.append("%s: goiface itabs (text): %s" % (where, text[:2]))
        except Failure as exc:
            problems.append("%s: %s" % (where, exc))
    return problems, n


def check_version(args):
    problems, n = [], 0
    for fx in fixtures_for(args):
        where = "%s %s/%s" % (args.release, fx["program"], fx["variant"])
        want = fx["truth"]["go_version"]
        blocks, _ = run_lldb(args, core_target(fx) + ["goiface version --json",
                                                       "goiface version", "help goiface",
                                                       "help goiface print"])
        n += 1
        overview = "\n".join(output_of(blocks, "help goiface"))
        if not all(c in overview for c in ("print", "itab", "type", "itabs", "version")):
            problems.append("%s: help goiface lacks the subcommands: %r" % (where, overview[:500]))
        if "eface" not in "\n".join(output_of(blocks, "help goiface print")):
            problems.append("%s: help goiface print does not explain ADDR:eface" % where)
        try:
            got = json_of(output_of(blocks, "goiface version --json"), "version")
            if got.get("go_version") != want:
                problems.append("%s: go_version %r, truth says %r"
                                % (where, got.get("go_version"), want))
            text = "\n".join(output_of(blocks, "goiface version"))
            if want not in text:
                problems.append("%s: text version output lacks %s: %r" % (where, want, text))
        except Failure as exc:
            problems.append("%s: %s" % (where, exc))
    return problems, n


def one_error(args, target_cmds, command, where, problems):
    """command alone must fail with exactly one error line and no output."""
    blocks, _ = run_lldb(args, target_cmds + [command])
    lines = [l for l in output_of(blocks, command) if l.strip()]
    if len(lines) != 1 or not lines[0].startswith("error: "):
        problems.append("%s: %r should give one error line, gave %r" % (where, command, lines))


def check_errors(args):
    problems, n = [], 0
    fx = fixtures_for(args)[0]
    where = "%s %s/%s" % (args.release, fx["program"], fx["variant"])
    for command in ("goiface print 0x10:eface", "goiface print 0xdeadbeef000:iface",
                    "goiface print main.noSuchVariable", "goiface itab 0x10",
                    "goiface type 0x10", "goiface print", "goiface print x --no-such-option"):
        one_error(args, core_target(fx), command, where, problems)
        n += 1
    # Without any target at all.
    one_error(args, [], "goiface version", where + " (no target)", problems)
    n += 1
    return problems, n


def check_live(args):
    problems, n = [], 0
    fixtures = [fx for fx in fixtures_for(args) if not fx["stripped"]]
    if not fixtures:
        raise Failure("no unstripped fixture for %s" % args.release)
    # Prefer a -N -l build (locals have simple locations there), then default.
    fixtures.sort(key=lambda fx: (0 if noopt(fx) else 1 if fx["variant"] == "default" else 2,
                                  fx["program"] != "ifaces"))
    fx = fixtures[0]
    where = "%s %s/%s live" % (args.release, fx["program"], fx["variant"])
    tmp = tempfile.mkdtemp(prefix="goiface-lldb-")
    try:
        truth_path = os.path.join(tmp, "truth.json")
        env = {"GOIFACE_TRUTH": truth_path}
        create = ["target create %s" % shlex.quote(fx["exe"]),
                  "settings set target.disable-aslr true"]
        launch = "process launch -o /dev/null -e /dev/null -- %s" % shlex.quote(truth_path)
        no_preempt = "settings set target.env-vars GODEBUG=asyncpreemptoff=1 GOTRACEBACK=crash"
        write_and_crash = "breakpoint set -n %s" % shlex.quote(truth_function(fx, "WriteAndCrash"))
        variables = globals_of(fx["truth"])

        # 1. A breakpoint on the function the fixture calls once its values
        #    are in place (asynchronous preemption off, so no SIGURG stops).
        p, k = print_vars(args, create + [no_preempt, write_and_crash, launch],
                          variables, False, where + " (breakpoint)", env=env)
        problems += p
        n += k

        # 2. The same with SIGURG passed through silently instead.
        p, k = print_vars(args, create + [
            "settings set target.env-vars GOTRACEBACK=crash",
            "process launch --stop-at-entry -o /dev/null -e /dev/null -- %s"
            % shlex.quote(truth_path),
            "process handle SIGURG -n false -p true -s false",
            write_and_crash, "continue"],
            variables[:8], False, where + " (SIGURG passed)", env=env)
        problems += p
        n += k

        # 2b. As a ~/.lldbinit line would do it: before any target exists.
        p, k = print_vars(args, ["process handle SIGURG -n false -p true -s false"] + create + [
            "settings set target.env-vars GOTRACEBACK=crash", write_and_crash, launch],
            variables[:8], False, where + " (SIGURG handled before the target)", env=env)
        problems += p
        n += k

        # 3. Run to the fixture's abort; check against the truth this run wrote.
        if os.path.exists(truth_path):
            os.unlink(truth_path)
        blocks, text = run_lldb(args, create + [no_preempt, launch, "process status"],
                                env=env, batch=False)
        status = "\n".join(output_of(blocks, "process status"))
        if "SIGABRT" not in status:
            problems.append("%s: expected a stop at SIGABRT, got %r" % (where, status[:300]))
        if not os.path.exists(truth_path):
            raise Failure("%s: the fixture wrote no truth file under lldb" % where)
        with open(truth_path) as f:
            truth = json.load(f)
        p, k = print_vars(args, create + [no_preempt, launch], globals_of(truth), False,
                          where + " (abort)", env=env, batch=False)
        problems += p
        n += k

        # 4. Attached to the running program while it waits to write its truth
        #    into a FIFO (every value is in place by then).
        p, k = check_attach(args, fx, tmp, where)
        problems += p
        n += k

        # 5. Locals of the selected frame: stop where the parked goroutine
        #    records them and select its frame.
        for g in truth.get("goroutines", []):
            if not g.get("locals"):
                continue
            try:
                parked = truth_function(fx, "Parked")
            except Failure:
                # Inlined in an optimized build: no function to stop in.  At
                # the entry of the function the locals are not live yet: each
                # must give one clear error (or, if live, the right value).
                print("note: %s: truth.Parked is inlined; locals checked at %s's entry only"
                      % (where, g["function"]))
                cmds = create + [no_preempt, "breakpoint set -n %s" % shlex.quote(g["function"]),
                                 launch]
                cmds += ["goiface print %s --json" % v["name"] for v in g["locals"]]
                blocks, _ = run_lldb(args, cmds, env=env)
                for v in g["locals"]:
                    lines = [l for l in output_of(blocks, "goiface print %s --json" % v["name"])
                             if l.strip()]
                    n += 1
                    if len(lines) == 1 and lines[0].startswith("error: ") and \
                            v["name"] in lines[0]:
                        continue
                    try:
                        check_var(v, json_of(lines, v["name"]), ["typed nil: != nil"] if v["typed_nil"]
                                  else [], where + " (entry)", problems)
                    except Failure as exc:
                        problems.append("%s: local %s at entry: %s" % (where, v["name"], exc))
                break
            stop = create + [no_preempt, "breakpoint set -n %s" % shlex.quote(parked),
                             launch, "frame select 1"]
            p, k = print_vars(args, stop, g["locals"], False,
                              where + " locals of " + g["function"], env=env)
            if not noopt(fx):
                # Optimized code keeps locals in location lists: a clear
                # error is all that is expected there.
                p = [x for x in p if "cannot evaluate" not in x]
            problems += p
            n += k
            break
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return problems, n


def wait_blocked_in_fifo(pid, timeout=20.0):
    """Waits until the program blocks opening its truth FIFO for writing."""
    import time
    end = time.time() + timeout
    while time.time() < end:
        try:
            with open("/proc/%d/wchan" % pid) as f:
                wchan = f.read()
            if "partner" in wchan or "fifo" in wchan:
                return True
            if wchan.strip() in ("", "0"):
                # The kernel does not name wait channels: give it time.
                time.sleep(3)
                return proc_alive(pid)
        except OSError:
            return False
        time.sleep(0.05)
    return False


def proc_alive(pid):
    return os.path.exists("/proc/%d" % pid)


def check_attach(args, fx, tmp, where):
    """process attach to the fixture blocked in open() of its truth FIFO."""
    import resource
    fifo = os.path.join(tmp, "truth.fifo")
    os.mkfifo(fifo)
    variables = globals_of(fx["truth"])

    def no_core():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    proc = subprocess.Popen([fx["exe"], fifo], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, GOIFACE_TRUTH=fifo),
                            preexec_fn=no_core, start_new_session=True)
    where += " (attached)"
    try:
        if not wait_blocked_in_fifo(proc.pid):
            return ["%s: the program did not reach its truth FIFO" % where], 0
        cmds = ["process attach -p %d" % proc.pid]
        for var in variables:
            cmds.append("goiface print %s --json" % shlex.quote(var["name"]))
            cmds.append("goiface print %s" % shlex.quote(var["name"]))
        cmds.append("process detach")
        blocks, text = run_lldb(args, cmds)
        attach = "\n".join(output_of(blocks, cmds[0]))
        if "not permitted" in attach or "ptrace" in attach.lower():
            print("note: %s: attaching is not permitted here (ptrace); skipped" % where)
            return [], 0
        with open(fifo) as f:  # lets the program write its truth, then abort
            truth = json.load(f)
        problems = []
        for var in globals_of(truth):
            op = shlex.quote(var["name"])
            try:
                got = json_of(output_of(blocks, "goiface print %s --json" % op), op)
                check_var(var, got, output_of(blocks, "goiface print %s" % op), where,
                          problems)
            except Failure as exc:
                problems.append("%s %s: %s" % (where, var["name"], exc))
        return problems, len(variables)
    finally:
        if proc.poll() is None:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def noopt(fx):
    return not fx["optimized"]


def truth_function(fx, name):
    """The symbol of internal/truth's function name in the fixture."""
    out = subprocess.run(["nm", fx["exe"]], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace")
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].endswith("/internal/truth." + name):
            return parts[2]
    raise Failure("%s: no symbol for truth.%s" % (fx["exe"], name))


CHECKS = {"print": check_print, "itabs": check_itabs, "version": check_version,
          "errors": check_errors, "live": check_live}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lldb", default="")
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--fixtures-dir", required=True)
    ap.add_argument("--release")
    ap.add_argument("--check", choices=sorted(CHECKS))
    ap.add_argument("--list-releases", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.list_releases:
        try:
            releases = sorted({entry_release(e) for e in load_index(args.index)} - {None},
                              key=lambda r: [int(x) for x in r[2:].split(".")])
        except (OSError, ValueError, Failure):
            releases = []
        print(";".join(releases))
        return 0
    if not args.lldb or not os.path.exists(args.lldb):
        print("SKIP: lldb not found")
        return SKIP
    if not os.path.exists(args.plugin):
        print("FAIL: plugin %s was not built" % args.plugin)
        return 1
    try:
        problems, n = CHECKS[args.check](args)
    except (Failure, OSError, subprocess.TimeoutExpired) as exc:
        print("FAIL: %s" % exc)
        return 1
    for p in problems:
        print("FAIL: " + p)
    print("%s %s: %d checked, %d problems" % (args.check, args.release, n, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
