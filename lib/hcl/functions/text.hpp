// Unicode text operations the string functions share. Case mapping covers ASCII, Latin-1, Latin
// Extended-A, most letters of Latin Extended-B, Latin Extended Additional, Greek (with its accents),
// Cyrillic and Armenian (what templates meet in practice); other letters pass unchanged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiln::hcl::functions {

// Grapheme clusters, approximated as a code point plus the combining marks, joiners and modifiers
// that follow it (hcl/utf8.hpp); an invalid byte is a cluster of its own.
std::vector<std::string_view> graphemes(std::string_view text);

std::string to_upper(std::string_view text);
std::string to_lower(std::string_view text);
// Go's strings.Title: the first letter of every word in title case; words are separated by spaces
// and ASCII punctuation.
std::string title_case(std::string_view text);
// Go's strings.TrimSpace: Unicode white space at both ends.
std::string_view trim_space(std::string_view text);

bool valid_utf8(std::string_view text);

}  // namespace kiln::hcl::functions
