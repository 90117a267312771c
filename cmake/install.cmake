# Installation: the clv program, the core library with its headers, a CMake package config
# (find_package(clv) gives clv::core), the man page and the bash, zsh and fish completions.
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
# Completion scripts for bash, zsh and fish, written by the built clv from its own option table
# (`clv __complete SHELL`), so they offer exactly what each command accepts.
set(CLV_COMPLETIONS ${PROJECT_BINARY_DIR}/completions)
add_custom_command(OUTPUT ${CLV_COMPLETIONS}/clv.bash ${CLV_COMPLETIONS}/_clv ${CLV_COMPLETIONS}/clv.fish
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CLV_COMPLETIONS}
  COMMAND clv __complete bash -o ${CLV_COMPLETIONS}/clv.bash
  COMMAND clv __complete zsh -o ${CLV_COMPLETIONS}/_clv
  COMMAND clv __complete fish -o ${CLV_COMPLETIONS}/clv.fish
  DEPENDS clv VERBATIM)
add_custom_target(clv_completions ALL DEPENDS ${CLV_COMPLETIONS}/clv.bash ${CLV_COMPLETIONS}/_clv
  ${CLV_COMPLETIONS}/clv.fish)
install(FILES ${CLV_COMPLETIONS}/clv.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME clv)
install(FILES ${CLV_COMPLETIONS}/_clv DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
install(FILES ${CLV_COMPLETIONS}/clv.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
