"""The fixtures index as the debugger tests read it: its entries, the Go
release of each, and the unpacked files an entry names."""

import json
import os
import re


def release_of(version):
    """"go1.22.3" / "1.22" / "devel go1.23-..." -> "go1.22"; None if not a version."""
    m = re.match(r"(?:devel )?(?:go)?(\d+)\.(\d+)", str(version or ""))
    return "go%s.%s" % (m.group(1), m.group(2)) if m else None


def load_index(path):
    """The index's list of entries (a bare list, or one under "fixtures",
    "entries" or "recordings"); None if the file holds no such list."""
    with open(path) as f:
        data = json.load(f)
    if isinstance(data, dict):
        for key in ("fixtures", "entries", "recordings"):
            if isinstance(data.get(key), list):
                return data[key]
        return None
    return data if isinstance(data, list) else None


def entry_release(entry):
    """"go1.22" for an index entry ("release": "1.22", "go_version": "go1.22.12")."""
    for key in ("release", "go_release", "go_version", "version", "go"):
        if entry.get(key):
            r = release_of(entry[key])
            if r:
                return r
    return None


def fixture_file(entry, fixtures_dir, *keys):
    """The unpacked file an index entry names under one of keys (a path, or
    a dict with "path" or "file"; "x.zst" is looked for as "x" first), or None."""
    for key in keys:
        value = entry.get(key)
        if isinstance(value, dict):
            value = value.get("path") or value.get("file")
        if not value or not isinstance(value, str):
            continue
        names = [value[:-4], value] if value.endswith(".zst") else [value]
        for name in names:
            for base in (fixtures_dir, os.path.join(fixtures_dir, "fixtures"), None):
                p = os.path.join(base, name) if base else name
                if os.path.exists(p):
                    return p
    return None
