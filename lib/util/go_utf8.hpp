// UTF-8 as Go's unicode/utf8 reads and writes it (Packer's template engine, zip names).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kiln {

// Decodes the UTF-8 sequence at s[i] and sets `len`; an invalid byte gives U+FFFD with len 1, as in Go.
char32_t decode_utf8(std::string_view s, size_t i, size_t& len);
void encode_utf8(std::string& out, char32_t r);

}  // namespace kiln
