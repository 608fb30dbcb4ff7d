#include "template/fix/fix.hpp"

#include <fmt/format.h>

#include "template/fix/fixers.hpp"
#include "template/fix/go_json.hpp"

namespace kiln::fix {
namespace {

// Packer's own post-processing of the encoder's output: < and > are put back, & stays escaped.
void unescape_angle_brackets(std::string& text) {
  for (auto [from, to] : {std::pair{"\\u003c", "<"}, std::pair{"\\u003e", ">"}})
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + 1)) text.replace(at, 6, to);
}

}  // namespace

FixOutcome fix_template(std::string_view json, bool validate) {
  Value tpl;
  try {
    tpl = decode_go_json(json);
  } catch (const Error& e) {
    throw Error(fmt::format("Error parsing template: {}", e.what()), ErrorCode::Template);
  }
  try {
    apply_fixers(tpl);
  } catch (const Error& e) {
    throw Error(fmt::format("Error fixing: {}", e.what()), ErrorCode::Template);
  }
  FixOutcome outcome{encode_go_json(tpl), std::nullopt};
  unescape_angle_brackets(outcome.text);
  if (validate) outcome.failure = validate_fixed(outcome.text);
  return outcome;
}

std::string failure_message(const ValidationFailure& failure) {
  return fmt::format("Error! Fixed template {}: {}\n\nThis is usually caused by an error in the input template.\n"
                     "Please fix the error and try again.",
                     failure.parse ? "fails to parse" : "failed to validate", failure.message);
}

}  // namespace kiln::fix
