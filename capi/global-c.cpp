// kiln_version*, kiln_global_init and kiln_shutdown: the library as a whole.
#include "capi/internal.hpp"
#include "kiln/global.hpp"
#include "kiln/version.hpp"

#include <string_view>

#define KILN_STR(x) #x
#define KILN_XSTR(x) KILN_STR(x)
static_assert(std::string_view(kiln::version) ==
                  KILN_XSTR(KILN_VERSION_MAJOR) "." KILN_XSTR(KILN_VERSION_MINOR) "." KILN_XSTR(KILN_VERSION_PATCH),
              "kiln.h's KILN_VERSION_* must match meson's project version");

extern "C" {

KILN_API const char* kiln_version(void) noexcept { return kiln::version; }

KILN_API int kiln_version_number(void) noexcept { return KILN_VERSION_NUMBER; }

KILN_API int kiln_global_init(void) noexcept {
  try {
    return kiln::global_init();
  } catch (...) {
    return kiln::capi::set_current_exception();
  }
}

KILN_API int kiln_shutdown(void) noexcept {
  try {
    return kiln::global_shutdown();
  } catch (...) {
    return kiln::capi::set_current_exception();
  }
}

}  // extern "C"
