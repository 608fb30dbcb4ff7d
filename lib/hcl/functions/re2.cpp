#include "hcl/functions/re2.hpp"

#include <cstdint>
#include <stdexcept>

#include "hcl/utf8.hpp"

namespace kiln::hcl::functions {

namespace {

Re2Error parse_error(const std::string& what, std::string_view expr) { return Re2Error{what, std::string(expr)}; }

Re2Error unsupported(const std::string& what) { return Re2Error{what + " is not supported by kiln", ""}; }

// UTF-8 → UTF-32 code points with the byte offset each starts at (plus one past the end).
struct DecodedText {
  std::wstring text;
  std::vector<size_t> offsets;
};

DecodedText decode(std::string_view utf8) {
  DecodedText out;
  size_t i = 0;
  while (i < utf8.size()) {
    CodePoint cp = decode_utf8(utf8.substr(i));
    out.offsets.push_back(i);
    if (cp.length == 0) {
      out.text += wchar_t(0xFFFD);
      ++i;
    } else {
      out.text += wchar_t(cp.value);
      i += cp.length;
    }
  }
  out.offsets.push_back(utf8.size());
  return out;
}

bool is_hex(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

void append_literal(std::wstring& out, char32_t c) {
  static const std::wstring special = L"\\^$.|?*+()[]{}/-";
  if (c < 0x80 && special.find(wchar_t(c)) != std::wstring::npos) out += L'\\';
  out += wchar_t(c);
}

struct Translation {
  std::wstring pattern;
  // libstdc++'s __polynomial extension picks its breadth-first matcher: its stack depth grows with
  // the pattern, not the text (the default depth-first one overflows the stack on long texts), and
  // its time is linear in the text, as RE2's. RE2 has no back-references, which it cannot match.
  std::regex_constants::syntax_option_type flags = std::regex_constants::ECMAScript | std::regex_constants::__polynomial;
  std::vector<std::string> group_names;
};

class Translator {
 public:
  explicit Translator(std::string_view source) : source_(source), text_(decode(source).text) {}

  Translation run() {
    read_leading_flags();
    while (pos_ < text_.size()) step();
    if (class_depth_ > 0) throw parse_error("missing closing ]", source_.substr(class_start_));
    return std::move(out_);
  }

 private:
  std::string_view source_;
  std::wstring text_;
  size_t pos_ = 0;
  Translation out_;
  bool dot_all_ = false;
  bool multi_line_ = false;
  int class_depth_ = 0;
  size_t class_start_ = 0;

  std::string rest() const {
    std::string s;
    for (size_t i = pos_; i < text_.size(); ++i) append_utf8(s, char32_t(text_[i]));
    return s;
  }

  void read_leading_flags() {
    if (text_.compare(0, 2, L"(?") != 0) return;
    size_t i = 2;
    std::wstring flags;
    while (i < text_.size() && std::wstring(L"imsU").find(text_[i]) != std::wstring::npos) flags += text_[i++];
    if (flags.empty() || i >= text_.size() || text_[i] != L')') return;
    for (wchar_t f : flags) {
      if (f == L'i') out_.flags |= std::regex_constants::icase;
      if (f == L's') dot_all_ = true;
      if (f == L'm') multi_line_ = true, out_.flags |= std::regex_constants::multiline;
      if (f == L'U') throw unsupported("the (?U) flag");
    }
    pos_ = i + 1;
  }

  void step() {
    wchar_t c = text_[pos_];
    if (c == L'\\') return escape();
    if (class_depth_ > 0) {
      if (c == L']') --class_depth_;
      if (c == L'[' && pos_ + 1 < text_.size() && text_[pos_ + 1] == L':') {
        size_t close = text_.find(L":]", pos_ + 2);
        if (close != std::wstring::npos) {
          out_.pattern.append(text_, pos_, close + 2 - pos_);
          pos_ = close + 2;
          return;
        }
      }
      out_.pattern += c;
      ++pos_;
      return;
    }
    if (c == L'[') return open_class();
    if (c == L'(') return open_group();
    if (c == L'.' && dot_all_) {
      out_.pattern += L"[\\s\\S]";
      ++pos_;
      return;
    }
    out_.pattern += c;
    ++pos_;
  }

  void open_class() {
    class_start_ = pos_;
    class_depth_ = 1;
    out_.pattern += L'[';
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] == L'^') out_.pattern += L'^', ++pos_;
    // RE2 takes a ] right after [ or [^ literally; ECMAScript would read an empty class.
    if (pos_ < text_.size() && text_[pos_] == L']') out_.pattern += L"\\]", ++pos_;
  }

  void open_group() {
    std::wstring_view ahead(text_.data() + pos_, text_.size() - pos_);
    if (ahead.substr(0, 4) == L"(?P<" || (ahead.substr(0, 3) == L"(?<" && ahead.substr(0, 4) != L"(?<=" &&
                                          ahead.substr(0, 4) != L"(?<!")) {
      size_t start = pos_ + (ahead[2] == L'P' ? 4 : 3);
      size_t close = text_.find(L'>', start);
      if (close == std::wstring::npos) throw parse_error("invalid named capture", source_.substr(0));
      std::string name;
      for (size_t i = start; i < close; ++i) append_utf8(name, char32_t(text_[i]));
      if (name.empty()) throw parse_error("invalid named capture", "(?P<>");
      for (const auto& existing : out_.group_names)
        if (existing == name) throw parse_error("duplicate capture group name", name);
      out_.group_names.push_back(name);
      out_.pattern += L'(';
      pos_ = close + 1;
      return;
    }
    if (ahead.substr(0, 3) == L"(?:") {
      out_.pattern += L"(?:";
      pos_ += 3;
      return;
    }
    size_t flags_end = ahead.find_first_not_of(L"imsU-", 2);
    if (ahead.substr(0, 2) == L"(?" && flags_end > 2 && flags_end != std::wstring_view::npos &&
        (ahead[flags_end] == L')' || ahead[flags_end] == L':'))
      throw unsupported("a flag group after the start of the pattern");
    if (ahead.substr(0, 2) == L"(?") {
      std::string shown = rest().substr(0, 3);
      throw parse_error("invalid or unsupported Perl syntax", shown);
    }
    out_.group_names.emplace_back();
    out_.pattern += L'(';
    ++pos_;
  }

  void escape() {
    if (pos_ + 1 >= text_.size()) throw parse_error("trailing backslash at end of expression", "");
    wchar_t e = text_[pos_ + 1];
    switch (e) {
      case L'A':
      case L'z':
        if (multi_line_) throw unsupported("\\A or \\z with (?m)");
        out_.pattern += e == L'A' ? L'^' : L'$';
        pos_ += 2;
        return;
      case L'Q': {
        size_t end = text_.find(L"\\E", pos_ + 2);
        size_t stop = end == std::wstring::npos ? text_.size() : end;
        for (size_t i = pos_ + 2; i < stop; ++i) append_literal(out_.pattern, char32_t(text_[i]));
        pos_ = end == std::wstring::npos ? stop : end + 2;
        return;
      }
      case L'x':
        if (pos_ + 2 < text_.size() && text_[pos_ + 2] == L'{') {
          size_t close = text_.find(L'}', pos_ + 3);
          if (close == std::wstring::npos || close == pos_ + 3) throw parse_error("invalid escape sequence", "\\x{");
          char32_t value = 0;
          for (size_t i = pos_ + 3; i < close; ++i) {
            if (!is_hex(char32_t(text_[i])) || value > 0x10FFFF) throw parse_error("invalid escape sequence", "\\x{");
            wchar_t h = text_[i];
            value = value * 16 + char32_t(h <= L'9' ? h - L'0' : (h | 0x20) - L'a' + 10);
          }
          append_literal(out_.pattern, value);
          pos_ = close + 1;
          return;
        }
        break;
      case L'p':
      case L'P':
      case L'C':
      case L'Z':
        throw unsupported("the escape \\" + std::string(1, char(e)));
      default:
        break;
    }
    out_.pattern += L'\\';
    out_.pattern += e;
    pos_ += 2;
  }
};

// Go's Regexp.Expand for one match.
void expand(std::string& out, std::string_view replacement, const Re2Pattern& pattern, std::string_view text,
            const Re2Match& match) {
  auto group_text = [&](const std::string& name) -> std::string_view {
    bool numeric = !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
    std::optional<Span> span;
    if (numeric) {
      if (name.size() > 9) return {};
      size_t n = std::stoul(name);
      if (n == 0) span = match.whole;
      else if (n <= match.groups.size()) span = match.groups[n - 1];
    } else {
      for (size_t i = 0; i < pattern.group_names.size(); ++i)
        if (pattern.group_names[i] == name) span = match.groups[i];
    }
    if (!span) return {};
    return text.substr(span->first, span->second - span->first);
  };
  auto is_name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  size_t i = 0;
  while (i < replacement.size()) {
    char c = replacement[i];
    if (c != '$' || i + 1 >= replacement.size()) {
      out += c;
      ++i;
      continue;
    }
    char next = replacement[i + 1];
    if (next == '$') {
      out += '$';
      i += 2;
      continue;
    }
    std::string name;
    size_t after;
    if (next == '{') {
      size_t close = replacement.find('}', i + 2);
      bool ok = close != std::string_view::npos && close > i + 2;
      for (size_t k = i + 2; ok && k < close; ++k) ok = is_name_char(replacement[k]);
      if (!ok) {
        out += c;
        ++i;
        continue;
      }
      name = std::string(replacement.substr(i + 2, close - i - 2));
      after = close + 1;
    } else {
      size_t k = i + 1;
      while (k < replacement.size() && is_name_char(replacement[k])) ++k;
      if (k == i + 1) {
        out += c;
        ++i;
        continue;
      }
      name = std::string(replacement.substr(i + 1, k - i - 1));
      after = k;
    }
    out += group_text(name);
    i = after;
  }
}

}  // namespace

Re2Pattern compile_re2(std::string_view pattern) {
  Translation t = Translator(pattern).run();
  try {
    return {std::wregex(t.pattern, t.flags), std::move(t.group_names)};
  } catch (const std::regex_error& e) {
    throw Re2Error{e.what(), std::string(pattern)};
  }
}

std::vector<Re2Match> re2_find_all(const Re2Pattern& pattern, std::string_view text, size_t limit) {
  DecodedText d = decode(text);
  std::vector<Re2Match> found;
  size_t pos = 0;
  long previous_end = -1;
  const size_t length = d.text.size();
  while (found.size() < limit && pos <= length) {
    std::wsmatch m;
    auto flags = pos > 0 ? std::regex_constants::match_prev_avail : std::regex_constants::match_default;
    if (!std::regex_search(d.text.cbegin() + long(pos), d.text.cend(), m, pattern.regex, flags)) break;
    size_t start = pos + size_t(m.position(0));
    size_t end = start + size_t(m.length(0));
    bool accept = true;
    if (end == start) {
      if (long(start) == previous_end) accept = false;
      pos = start + 1;
    } else {
      pos = end;
    }
    previous_end = long(end);
    if (!accept) continue;
    Re2Match match{{d.offsets[start], d.offsets[end]}, {}};
    for (size_t g = 1; g < m.size(); ++g) {
      if (!m[g].matched) {
        match.groups.emplace_back();
        continue;
      }
      size_t gs = size_t(m[g].first - d.text.cbegin());
      size_t ge = size_t(m[g].second - d.text.cbegin());
      match.groups.emplace_back(Span{d.offsets[gs], d.offsets[ge]});
    }
    found.push_back(std::move(match));
  }
  return found;
}

std::string re2_replace_all(const Re2Pattern& pattern, std::string_view text, std::string_view replacement) {
  std::string out;
  size_t copied = 0;
  for (const Re2Match& match : re2_find_all(pattern, text)) {
    out.append(text.substr(copied, match.whole.first - copied));
    expand(out, replacement, pattern, text, match);
    copied = match.whole.second;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace kiln::hcl::functions
