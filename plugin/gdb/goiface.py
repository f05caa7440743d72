# goiface for gdb: shows what Go interface values hold.
#
# Load it with `source PATH/goiface.py` (or a line in ~/.gdbinit).  This file
# only loads the extension module _goiface_gdb.abi3.so that sits beside it;
# the module registers the `goiface` commands, the `set print goiface`
# setting and the pretty-printer for Go interface values.

def _goiface_load():
    import importlib.machinery
    import importlib.util
    import os
    import sys

    import gdb

    name = "_goiface_gdb"
    if name in sys.modules:
        return  # already loaded: sourcing twice changes nothing
    here = os.path.dirname(os.path.realpath(__file__))
    path = os.path.join(here, name + ".abi3.so")
    if not os.path.exists(path):
        raise gdb.GdbError("goiface: cannot find %s (was the gdb module built?)" % path)
    loader = importlib.machinery.ExtensionFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    # Creating the module runs its initialisation, which registers everything.
    sys.modules[name] = importlib.util.module_from_spec(spec)


_goiface_load()
del _goiface_load
