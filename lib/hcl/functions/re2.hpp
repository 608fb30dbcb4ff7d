// Go (RE2) regular expressions on top of std::wregex, which matches code points since wchar_t holds
// UTF-32 here. The pattern is translated where that is cheap; what cannot be translated is an error
// rather than a silently different match. Known differences that remain:
//  - case folding ((?i)) and \s, \w, \b follow std::regex's classic locale: ASCII only for folding;
//    \s also matches \v and Unicode spaces (RE2: [\t\n\f\r ]); `.` also stops at \r, U+2028, U+2029;
//  - both prefer the leftmost match and, within it, alternatives and quantifiers as Perl does; the
//    matcher is libstdc++'s breadth-first one (linear in the text, bounded stack);
//  - not supported (error): \p{…}/\pN classes, \C, \Z, (?U), flag groups anywhere but at the very start,
//    \A/\z together with (?m).
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiln::hcl::functions {

struct Re2Pattern {
  std::wregex regex;
  std::vector<std::string> group_names;  // one per capture group; "" when unnamed
};

// What Go's regexp/syntax.Error holds: the problem and the part of the pattern it is about.
struct Re2Error {
  std::string code;
  std::string expr;
  // "error parsing regexp: CODE: `EXPR`", as Go prints it.
  std::string str() const { return "error parsing regexp: " + code + ": `" + expr + "`"; }
};

// Throws Re2Error.
Re2Pattern compile_re2(std::string_view pattern);

// Byte offsets into the matched UTF-8 text; a group that took no part in the match is nullopt.
using Span = std::pair<size_t, size_t>;
struct Re2Match {
  Span whole;
  std::vector<std::optional<Span>> groups;
};

// Every non-overlapping match as Go's FindAll* finds them (an empty match right after a previous
// match is skipped); at most `limit` of them.
std::vector<Re2Match> re2_find_all(const Re2Pattern& pattern, std::string_view text, size_t limit = SIZE_MAX);

// Go's ReplaceAllString: $1, ${1}, $name, ${name} and $$ in `replacement` are expanded.
std::string re2_replace_all(const Re2Pattern& pattern, std::string_view text, std::string_view replacement);

}  // namespace kiln::hcl::functions
