// Go text/template as Packer 1.6.6 uses it (go_template/: lexer, parser, evaluator). Supported: text,
// comments, trim markers, pipelines, parenthesised pipelines, string/raw/char/number/bool literals,
// .Field chains, if/else if/else/end, Packer's functions and the builtins
// not/and/or/eq/ne/lt/le/gt/ge/len/print/println/printf.
#include "kiln/interpolate.hpp"

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "template/go_template/evaluator.hpp"
#include "template/go_template/parser.hpp"

namespace kiln {

std::string interpolate(std::string_view text, const InterpContext& ctx) {
  if (text.find("{{") == std::string_view::npos) return std::string(text);
  std::vector<gotmpl::Node> tree = gotmpl::parse(text);
  std::string out;
  out.reserve(text.size());
  gotmpl::evaluate(text, tree, ctx, out);
  return out;
}

std::string interpolate_fully(std::string_view text, const InterpContext& ctx) {
  // Packer renders until nothing changes, forever when values refer to each other in a cycle, and
  // until memory runs out when a value holds itself twice; kiln gives up.
  constexpr int kMaxPasses = 100;
  constexpr size_t kMaxLength = 1 << 20;
  std::string current(text);
  for (int pass = 0; pass < kMaxPasses && current.size() <= kMaxLength; ++pass) {
    std::string next = interpolate(current, ctx);
    if (next == current) return next;
    current = std::move(next);
  }
  throw Error(fmt::format("interpolation does not settle after {} passes or {} MiB: a value refers to itself",
                          kMaxPasses, kMaxLength >> 20),
              ErrorCode::Template);
}

}  // namespace kiln
