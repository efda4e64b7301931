# CMake versions of the Meson gnome module helpers (STYLE.md §14).
# SPDX-License-Identifier: GPL-3.0-or-later

# sc_compile_resources (OUT_VAR XML C_NAME [SOURCE_DIR dir])
# Compiles a GResource bundle into a .c/.h pair with --manual-register, so a
# static library's resources survive linking; the caller registers them with
# <C_NAME>_register_resource ().
function (sc_compile_resources out_var xml c_name)
  cmake_parse_arguments (ARG "" "SOURCE_DIR" "" ${ARGN})
  get_filename_component (xml_abs "${xml}" ABSOLUTE)
  if (ARG_SOURCE_DIR)
    set (srcdir "${ARG_SOURCE_DIR}")
  else ()
    get_filename_component (srcdir "${xml_abs}" DIRECTORY)
  endif ()
  execute_process (
    COMMAND "${GLIB_COMPILE_RESOURCES}" --generate-dependencies --sourcedir "${srcdir}" "${xml_abs}"
    OUTPUT_VARIABLE deps OUTPUT_STRIP_TRAILING_WHITESPACE
    COMMAND_ERROR_IS_FATAL ANY)
  string (REPLACE "\n" ";" deps "${deps}")
  set_property (DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${xml_abs}")
  string (REPLACE "_" "-" file_base "${c_name}")
  set (c_out "${CMAKE_CURRENT_BINARY_DIR}/${file_base}-resources.c")
  set (h_out "${CMAKE_CURRENT_BINARY_DIR}/${file_base}-resources.h")
  add_custom_command (
    OUTPUT "${c_out}" "${h_out}"
    COMMAND "${GLIB_COMPILE_RESOURCES}" --sourcedir "${srcdir}" --c-name "${c_name}"
            --manual-register --generate-source --target "${c_out}" "${xml_abs}"
    COMMAND "${GLIB_COMPILE_RESOURCES}" --sourcedir "${srcdir}" --c-name "${c_name}"
            --manual-register --generate-header --target "${h_out}" "${xml_abs}"
    DEPENDS "${xml_abs}" ${deps}
    VERBATIM)
  set (${out_var} "${c_out}" "${h_out}" PARENT_SCOPE)
endfunction ()

# sc_mkenums (OUT_VAR BASENAME TEMPLATE_DIR HEADERS...)
# Runs glib-mkenums with BASENAME.h.in / BASENAME.c.in templates.
function (sc_mkenums out_var basename template_dir)
  set (headers ${ARGN})
  set (h_out "${CMAKE_CURRENT_BINARY_DIR}/${basename}.h")
  set (c_out "${CMAKE_CURRENT_BINARY_DIR}/${basename}.c")
  add_custom_command (
    OUTPUT "${h_out}"
    COMMAND "${GLIB_MKENUMS}" --template "${template_dir}/${basename}.h.in" --output "${h_out}" ${headers}
    DEPENDS "${template_dir}/${basename}.h.in" ${headers}
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    VERBATIM)
  add_custom_command (
    OUTPUT "${c_out}"
    COMMAND "${GLIB_MKENUMS}" --template "${template_dir}/${basename}.c.in" --output "${c_out}" ${headers}
    DEPENDS "${template_dir}/${basename}.c.in" ${headers} "${h_out}"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    VERBATIM)
  set (${out_var} "${c_out}" "${h_out}" PARENT_SCOPE)
endfunction ()

# sc_merge_i18n (OUT TYPE IN)  TYPE is desktop or xml; merges po/ translations.
function (sc_merge_i18n out type in)
  add_custom_command (
    OUTPUT "${out}"
    COMMAND "${MSGFMT}" --${type} --template "${in}" -d "${PROJECT_SOURCE_DIR}/po" -o "${out}"
    DEPENDS "${in}" ${SC_PO_FILES}
    VERBATIM)
endfunction ()
