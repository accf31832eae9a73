# Installation and packaging (issue 13 §3).
#   cmake --install build --prefix /usr/local     bin/modelshift + its docs
#   cd build && cpack -G DEB                       modelshift_<version>_<arch>.deb
# scripts/release.sh does both from a clean Release build. The binary carries
# its rules and catalog inside, so nothing else is installed for it to run.
include(GNUInstallDirs)
install(TARGETS modelshift RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/design.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The report and configuration schemas, for users who validate what it writes.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/schema/ DESTINATION ${CMAKE_INSTALL_DATADIR}/modelshift/schema
        FILES_MATCHING PATTERN "*.json")

set(CPACK_PACKAGE_NAME modelshift)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "modelshift")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "finds every LLM model a repository depends on and gates commits that add deprecated ones")
set(CPACK_PACKAGE_DESCRIPTION
    "modelshift scans a repository for model ids, call sites, prompts, tool schemas and embeddings,\nreports them (text, JSON, YAML, SARIF, CycloneDX) and blocks commits that add deprecated,\nretired or denied models. The rules and the model catalog are compiled in.")
set(CPACK_PACKAGE_CONTACT "modelshift maintainers <modelshift@localhost>")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # modelshift_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_STRIP_FILES ON)
# Dependencies: what the binary really links (with MODELSHIFT_STATIC, only
# libc6), computed by dpkg-shlibdeps where dpkg-dev is installed.
find_program(MS_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(MS_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
elseif(MODELSHIFT_STATIC)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6")
else()
  message(WARNING "dpkg-shlibdeps not found: the .deb of a shared build will not list its dependencies")
endif()
include(CPack)
