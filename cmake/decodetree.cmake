# Decode tables described as data (tools/decodetree.py, whose docstring is
# the language reference), generated at build time.
#
#   hvsim_decodetree(TARGET INPUT PREFIX)
#
# turns INPUT (a .decode file, relative to the source directory) into
# ${CMAKE_BINARY_DIR}/gen/<INPUT's directory>/<INPUT's name>_decode.inc, whose
# C names start with PREFIX_, and lets TARGET's sources #include it by the
# same path as their own headers ("cpu/arm64/simd_decode.inc").

find_package(Python3 REQUIRED COMPONENTS Interpreter)

function(hvsim_decodetree target input prefix)
  get_filename_component(dir ${input} DIRECTORY)
  get_filename_component(name ${input} NAME_WE)
  set(out ${CMAKE_BINARY_DIR}/gen/${dir}/${name}_decode.inc)
  set(tool ${CMAKE_SOURCE_DIR}/tools/decodetree.py)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/gen/${dir}
    COMMAND ${Python3_EXECUTABLE} ${tool} --prefix ${prefix} -o ${out} ${input}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    DEPENDS ${tool} ${CMAKE_SOURCE_DIR}/${input}
    COMMENT "Generating ${dir}/${name}_decode.inc from ${input}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
  target_include_directories(${target} PRIVATE ${CMAKE_BINARY_DIR}/gen)
endfunction()
