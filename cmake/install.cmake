# Installation: the clv program, the core library with its headers, a CMake package config
# (find_package(clv) gives clv::core), the man page and the bash completion.
include(CMakePackageConfigHelpers)

install(TARGETS clv RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS clv_core EXPORT clvTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/clv DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT clvTargets NAMESPACE clv:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/clv)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/clvConfig.cmake.in
  ${PROJECT_BINARY_DIR}/clvConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/clv)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/clvConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/clvConfig.cmake ${PROJECT_BINARY_DIR}/clvConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/FindLBFGSpp.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/clv)

install(FILES ${PROJECT_SOURCE_DIR}/docs/man/clv.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/completions/clv.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME clv)
