# Fails if MODULE leaves one of goiface's own functions undefined.  The
# module cannot be linked with -z defs (gdb provides the Python symbols when
# it loads it), so a missing core function would only show when gdb loads it.
execute_process(COMMAND "${NM}" -D --undefined-only "${MODULE}"
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${MODULE}")
endif()
string(REGEX MATCHALL "[ \t]U (gi_|gg_)[A-Za-z0-9_]*" bad "${out}")
if(bad)
  string(REPLACE " U " "" bad "${bad}")
  message(FATAL_ERROR "${MODULE} leaves goiface functions undefined: ${bad}")
endif()
