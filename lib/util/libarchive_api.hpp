// libarchive, loaded on first use (see shared_library.hpp): only the docker communicator's
// transfers need it. Each member has the type of the libarchive function it names
// without its "archive_" prefix: libarchive().write_new() calls archive_write_new().
#pragma once

#include <archive.h>
#include <archive_entry.h>

#define KILN_LIBARCHIVE_FUNCTIONS(X)                                                                              \
  X(write_new) X(write_free) X(write_open) X(write_close) X(write_header) X(write_data)                           \
  X(write_set_format_pax_restricted) X(read_new) X(read_free) X(read_support_format_tar) X(read_open_memory)     \
  X(read_next_header) X(read_data) X(entry_new) X(entry_free) X(entry_set_pathname) X(entry_set_filetype)       \
  X(entry_set_perm) X(entry_set_size) X(entry_set_mtime) X(entry_pathname) X(entry_filetype) X(entry_perm)

namespace kiln {

struct LibarchiveApi {
#define KILN_LIBARCHIVE_MEMBER(name) decltype(&::archive_##name) name;
  KILN_LIBARCHIVE_FUNCTIONS(KILN_LIBARCHIVE_MEMBER)
#undef KILN_LIBARCHIVE_MEMBER
};

// Loads libarchive once (thread-safe); throws kiln::Error when it cannot be loaded.
const LibarchiveApi& libarchive();

}  // namespace kiln
