# ctest driver: install clv into a scratch prefix, then configure, build and run the consumer.
# Variables: BUILD_DIR (clv's build tree), SOURCE_DIR (this folder), WORK_DIR (scratch),
# CONSUMER_LINK_FLAGS (extra link flags, e.g. the sanitizers clv was built with).
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix"
  RESULT_VARIABLE result OUTPUT_QUIET)
if(result)
  message(FATAL_ERROR "cmake --install failed")
endif()
foreach(installed bin/clv share/man/man1/clv.1 share/bash-completion/completions/clv
        share/zsh/site-functions/_clv share/fish/vendor_completions.d/clv.fish
        include/clv/value.hpp lib/cmake/clv/clvConfig.cmake)
  if(NOT EXISTS "${WORK_DIR}/prefix/${installed}")
    message(FATAL_ERROR "not installed: ${installed}")
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/build"
  -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
  # A sanitized clv library needs the sanitizer runtime in whatever links it.
  "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_LINK_FLAGS}" RESULT_VARIABLE result)
if(result)
  message(FATAL_ERROR "configuring the consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/build" RESULT_VARIABLE result)
if(result)
  message(FATAL_ERROR "building the consumer failed")
endif()
execute_process(COMMAND "${WORK_DIR}/build/clv_consumer" RESULT_VARIABLE result)
if(result)
  message(FATAL_ERROR "the consumer failed")
endif()
