# embed.cmake - turns the GLSL files into a C header at build time, so the binary
# runs from any directory. Usage: cmake -DOUT=header -DINPUTS="a.vert;b.frag" -P embed.cmake
# Each file becomes `static const char shader_<name>_<ext>[]`, NUL-terminated.
set(text "/* Generated from shaders/ by shaders/embed.cmake. Do not edit. */\n")
foreach(in ${INPUTS})
  get_filename_component(name ${in} NAME_WE)
  get_filename_component(ext ${in} LAST_EXT)
  string(SUBSTRING ${ext} 1 -1 ext)
  file(READ ${in} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(APPEND text "static const char shader_${name}_${ext}[] = {${hex}0x00};\n")
endforeach()
file(WRITE ${OUT}.tmp "${text}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
