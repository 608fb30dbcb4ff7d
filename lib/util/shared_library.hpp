// Libraries loaded on first use instead of at start-up (dlopen), for dependencies that only some
// builds need: each costs every kiln start its loading time and resident memory otherwise.
#pragma once

#include <string>

namespace kiln {

// Opens `soname` for the life of the process; throws kiln::Error saying what needs it.
void* open_shared_library(const char* soname, const char* needed_for);

void* shared_library_symbol(void* library, const char* soname, const char* symbol);

// Sets `fn` to `symbol` from `library`, whose type the caller's declaration gives.
template <class Fn>
void resolve_symbol(void* library, const char* soname, const char* symbol, Fn& fn) {
  fn = reinterpret_cast<Fn>(shared_library_symbol(library, soname, symbol));
}

}  // namespace kiln
