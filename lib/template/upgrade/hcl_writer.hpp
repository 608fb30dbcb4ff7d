// A small HCL2 document model that writes text as `packer fmt` lays it out: two-space indents,
// the `=` of consecutive attributes aligned, object keys aligned, blocks closed on their own line.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::upgrade {

// "text" as an HCL quoted string: quotes, backslashes and control characters escaped, and
// `${`/`%{` doubled so they stay literal.
std::string hcl_quote(std::string_view text);
// The same escaping without the surrounding quotes, for literal parts of a string template.
std::string hcl_escape(std::string_view text);
// True when `name` can be written bare as an attribute or object key.
bool is_identifier(std::string_view name);

class HclBody {
 public:
  // `expr` is already HCL expression text; when it spans lines, its continuation lines are
  // written relative to the attribute's indentation.
  void attribute(std::string name, std::string expr);
  HclBody& block(std::string type, std::vector<std::string> labels = {});
  // A line written as is (at the body's indentation), e.g. a one-line block.
  void line(std::string text);
  // "# "-prefixed lines, one per line of `text`.
  void comment(std::string_view text);
  void blank_line();
  bool empty() const { return items_.empty(); }

  void write(std::string& out, int indent) const;

 private:
  struct Item {
    enum class Kind { Attribute, Block, Line, Blank } kind;
    std::string name;  // attribute name, block type, or the line
    std::string expr;
    std::vector<std::string> labels;
    std::unique_ptr<HclBody> body;
  };
  std::vector<Item> items_;
};

}  // namespace kiln::upgrade
