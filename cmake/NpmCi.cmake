# ms_npm_ci(SRC DEST WHAT [extra npm args...]): fetches the npm packages pinned
# in SRC/package-lock.json into DEST, a copy of SRC under the build tree, with
# `npm ci --ignore-scripts` (no package runs any code of its own). It runs only
# when the lock changed since the last successful run (a stamp named after the
# lock's hash), so a second configure is instant and the source tree stays
# clean. Grammars and tokenizers share it.
function(ms_npm_ci src dest what)
  file(SHA256 ${src}/package-lock.json lock_hash)
  set(stamp ${dest}/.npm-ci-${lock_hash})
  if(EXISTS ${stamp})
    return()
  endif()
  find_program(NPM_EXECUTABLE npm REQUIRED)
  file(MAKE_DIRECTORY ${dest})
  file(COPY ${src}/package.json ${src}/package-lock.json DESTINATION ${dest})
  message(STATUS "modelshift: fetching ${what} (npm ci in ${dest})")
  execute_process(
    COMMAND ${NPM_EXECUTABLE} ci --ignore-scripts --no-audit --no-fund ${ARGN}
    WORKING_DIRECTORY ${dest}
    RESULT_VARIABLE npm_result
    OUTPUT_VARIABLE npm_output
    ERROR_VARIABLE npm_output)
  if(NOT npm_result EQUAL 0)
    message(FATAL_ERROR "modelshift: `npm ci` in ${dest} failed:\n${npm_output}")
  endif()
  file(GLOB old_stamps ${dest}/.npm-ci-*)
  if(old_stamps)
    file(REMOVE ${old_stamps})
  endif()
  file(TOUCH ${stamp})
endfunction()
