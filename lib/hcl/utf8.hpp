// The few UTF-8 facts the HCL lexer needs: decoding one code point and how wide it is on screen.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kiln::hcl {

struct CodePoint {
  char32_t value = 0;
  size_t length = 0;  // bytes consumed; 0 when the bytes at the start are not valid UTF-8
};

// Decodes the code point at the start of text (which must not be empty); rejects overlong
// forms, surrogates and values above U+10FFFF.
CodePoint decode_utf8(std::string_view text);

void append_utf8(std::string& out, char32_t cp);

// HCL counts columns per grapheme cluster: combining marks, variation selectors, emoji
// modifiers and zero-width joiners continue the character before them instead of taking a column.
bool extends_previous_character(char32_t cp);

// Letters of other scripts may appear in identifiers; punctuation, symbols and spaces from
// outside ASCII may not.
bool is_identifier_code_point(char32_t cp);

}  // namespace kiln::hcl
