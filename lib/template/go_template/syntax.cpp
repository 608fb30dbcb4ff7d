#include "template/go_template/syntax.hpp"

#include <fmt/format.h>

#include "kiln/error.hpp"

namespace kiln::gotmpl {

void Source::fail(size_t pos, const std::string& message) const {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos && i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  throw Error(fmt::format("template {}:{}: {}", line, pos - line_start + 1, message), ErrorCode::Template);
}

}  // namespace kiln::gotmpl
