#include "hcl/format_tokens.hpp"

namespace kiln::hcl {
namespace {

class LayoutCollector {
 public:
  explicit LayoutCollector(std::string_view source) : src_(source) {}

  // The comments between the end of the previous token and `until`, which the lexer skipped.
  // A line comment stops right before the newline token: `newline` is that token, if any.
  // Returns whether the comment took it.
  bool comments_before(size_t until, const Token* newline) {
    bool took_newline = false;
    for (size_t p = end_; p < until;) {
      if (src_[p] == '#' || src_.substr(p, 2) == "//") {
        size_t stop = until;
        if (newline) {
          stop = newline->end.byte;
          took_newline = true;
        }
        push(TokenType::Invalid, p, stop, true);
        p = stop;
      } else if (src_.substr(p, 2) == "/*") {
        size_t close = src_.find("*/", p + 2);
        size_t stop = close == std::string_view::npos ? until : close + 2;
        push(TokenType::Invalid, p, stop, true);
        p = stop;
      } else {
        ++p;
      }
    }
    return took_newline;
  }

  LayoutToken& push(TokenType type, size_t begin, size_t stop, bool comment = false) {
    out_.push_back(LayoutToken{type, src_.substr(begin, stop - begin), comment, 0});
    end_ = stop;
    return out_.back();
  }

  // Grows the last token to `stop` (a strip marker joining its ${ or %{).
  void extend_last(size_t stop) {
    LayoutToken& last = out_.back();
    size_t begin = static_cast<size_t>(last.text.data() - src_.data());
    last.text = src_.substr(begin, stop - begin);
    end_ = stop;
  }

  size_t end() const { return end_; }
  const LayoutToken* last() const { return out_.empty() ? nullptr : &out_.back(); }
  std::vector<LayoutToken> take() { return std::move(out_); }

 private:
  std::string_view src_;
  size_t end_ = 0;  // just past the last token collected
  std::vector<LayoutToken> out_;
};

bool opens_sequence(const LayoutToken* t) {
  return t && (t->is(TokenType::TemplateInterp) || t->is(TokenType::TemplateControl));
}

}  // namespace

std::vector<LayoutToken> layout_tokens(std::string_view source, const std::vector<Token>& lexed) {
  LayoutCollector c(source);
  for (size_t i = 0; i < lexed.size(); ++i) {
    const Token& t = lexed[i];
    size_t begin = t.start.byte, stop = t.end.byte;
    if (c.comments_before(begin, t.type == TokenType::Newline ? &t : nullptr)) continue;
    switch (t.type) {
      case TokenType::Eof: {
        // Formatting never reaches Eof, so the blanks that end the source stay as they are.
        int blanks = static_cast<int>(begin - c.end());
        c.push(t.type, begin, stop).spaces = blanks;
        break;
      }
      case TokenType::Newline:
        if (begin > c.end() && source[begin - 1] == '\r') --begin;
        c.push(t.type, begin, stop);
        break;
      case TokenType::StripMarker:
        if (opens_sequence(c.last()) && c.end() == begin) {
          c.extend_last(stop);
        } else if (i + 1 < lexed.size() && lexed[i + 1].type == TokenType::TemplateSeqEnd) {
          c.push(TokenType::TemplateSeqEnd, begin, lexed[i + 1].end.byte);
          ++i;
        } else {
          c.push(t.type, begin, stop);
        }
        break;
      default:
        c.push(t.type, begin, stop);
    }
  }
  return c.take();
}

}  // namespace kiln::hcl
