#include "hcl/functions/support.hpp"

#include "hcl/functions/text.hpp"

namespace kiln::hcl::functions {

int64_t integer_arg(const Args& args, size_t index) {
  const Number& n = args[index].as_number();
  if (!n.is_integer()) fail_arg(index, "value must be a whole number");
  std::optional<int64_t> i = n.to_int64();
  if (!i) fail_arg(index, "value must be a whole number in the range of a 64-bit integer");
  return *i;
}

size_t grapheme_count(const std::string& s) { return graphemes(s).size(); }

}  // namespace kiln::hcl::functions
