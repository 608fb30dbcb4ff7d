#include "util/libarchive_api.hpp"

#include "util/shared_library.hpp"

namespace kiln {
namespace {

LibarchiveApi load() {
  constexpr const char* kSoname = "libarchive.so.13";
  void* library = open_shared_library(kSoname, "docker file transfers");
  LibarchiveApi api{};
#define KILN_LIBARCHIVE_RESOLVE(name) resolve_symbol(library, kSoname, "archive_" #name, api.name);
  KILN_LIBARCHIVE_FUNCTIONS(KILN_LIBARCHIVE_RESOLVE)
#undef KILN_LIBARCHIVE_RESOLVE
  return api;
}

}  // namespace

const LibarchiveApi& libarchive() {
  static const LibarchiveApi api = load();  // a throw leaves it unset: the next call tries again
  return api;
}

}  // namespace kiln
