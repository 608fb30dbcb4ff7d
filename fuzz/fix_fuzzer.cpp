// A template as `kiln fix` reads it: Go-style JSON decoding, every fixer, Packer's encoding and
// the validation after it. Property: the encoding reads back as the same document.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "expect.hpp"
#include "template/fix/fix.hpp"
#include "template/fix/go_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    kiln::fix::fix_template(text, true);
  } catch (const kiln::Error&) {
  }
  try {
    std::string encoded = kiln::fix::encode_go_json(kiln::fix::decode_go_json(text));
    expect(kiln::fix::encode_go_json(kiln::fix::decode_go_json(encoded)) == encoded, "decoding the encoding gives it back");
  } catch (const kiln::Error&) {
  }
  return 0;
}
