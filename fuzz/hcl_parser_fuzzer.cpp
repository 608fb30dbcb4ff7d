// The HCL2 native-syntax parser: a whole file, and the same text as one expression (`console`).
// Parsing never throws; every problem comes back as a diagnostic.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hcl/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  kiln::hcl::parse_file(text, "fuzz.pkr.hcl");
  kiln::hcl::parse_expression(text, "fuzz");
  return 0;
}
