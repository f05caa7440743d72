# Helpers shared by the debugger front-ends and the tests that drive them.

# The Python that runs the test drivers: the system's, else any python3.
find_program(GOIFACE_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(GOIFACE_PYTHON3 python3)

# Sets <out> to TRUE when a debugger front-end (<what>: "goiface gdb module")
# can be built: not in a sanitizer build, which a debugger cannot load, and
# with the shared C layers in this build.  Otherwise says why, sets FALSE.
function(goiface_frontend_buildable what out)
  set(${out} FALSE PARENT_SCOPE)
  if(GOIFACE_SANITIZE)
    message(STATUS "${what}: skipped (GOIFACE_SANITIZE is ON: a debugger cannot load sanitized code)")
    return()
  endif()
  foreach(dep libgoiface goiface_commands)
    if(NOT TARGET ${dep})
      message(STATUS "${what}: skipped (target ${dep} is not part of this build)")
      return()
    endif()
  endforeach()
  set(${out} TRUE PARENT_SCOPE)
endfunction()

# The fixtures index and directory the debugger tests read: those the
# fixtures directory set up, else the source tree's index and the build
# tree's unpacked fixtures.
function(goiface_test_fixtures index_var dir_var)
  if(GOIFACE_FIXTURES_INDEX)
    set(${index_var} "${GOIFACE_FIXTURES_INDEX}" PARENT_SCOPE)
  else()
    set(${index_var} "${PROJECT_SOURCE_DIR}/fixtures/index.json" PARENT_SCOPE)
  endif()
  if(GOIFACE_FIXTURES_DIR)
    set(${dir_var} "${GOIFACE_FIXTURES_DIR}" PARENT_SCOPE)
  else()
    set(${dir_var} "${CMAKE_BINARY_DIR}/fixtures" PARENT_SCOPE)
  endif()
endfunction()
