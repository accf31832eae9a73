# cmake -P script: packs every file under RULES_DIR into a C++ source file so
# the binary carries its own catalog and rules (a pre-commit hook must work
# from anywhere, and nothing is read from the network or the scanned repo).
# Usage: cmake -DRULES_DIR=... -DOUTPUT=... -P EmbedRules.cmake
file(GLOB_RECURSE files RELATIVE ${RULES_DIR} ${RULES_DIR}/*.yaml ${RULES_DIR}/*.scm)
list(SORT files)
set(body "// Generated from rules/ by cmake/EmbedRules.cmake. Do not edit.\n#include \"core/embedded_rules.h\"\nnamespace modelshift {\nconst std::vector<EmbeddedFile>& embedded_rules() {\n  static const std::vector<EmbeddedFile> files = {\n")
foreach(f IN LISTS files)
  file(READ ${RULES_DIR}/${f} content)
  string(FIND "${content}" ")msrules\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "rules/${f} contains the raw-string delimiter )msrules\"")
  endif()
  string(APPEND body "    {\"${f}\", R\"msrules(${content})msrules\"},\n")
endforeach()
string(APPEND body "  };\n  return files;\n}\n}  // namespace modelshift\n")
# Write only on change so an unchanged rules/ does not trigger a recompile.
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
  if(old STREQUAL body)
    return()
  endif()
endif()
file(WRITE ${OUTPUT} "${body}")
