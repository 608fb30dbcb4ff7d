#include "util/shared_library.hpp"

#include <dlfcn.h>

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln {

void* open_shared_library(const char* soname, const char* needed_for) {
  void* library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!library) throw Error(fmt::format("cannot load {} ({} need it): {}", soname, needed_for, dlerror()));
  return library;
}

void* shared_library_symbol(void* library, const char* soname, const char* symbol) {
  void* found = dlsym(library, symbol);
  if (!found) throw Error(fmt::format("{} lacks {}", soname, symbol));
  return found;
}

}  // namespace kiln
