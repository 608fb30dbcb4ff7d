#include "template/upgrade/hcl_writer.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "hcl/quote.hpp"

namespace kiln::upgrade {
namespace {

// Writes `text` with every line after the first indented by `indent` more spaces.
void append_indented(std::string& out, std::string_view text, int indent) {
  for (char c : text) {
    out += c;
    if (c == '\n') out.append(static_cast<size_t>(indent), ' ');
  }
}

}  // namespace

std::string hcl_escape(std::string_view text) { return hcl::escape(text, true); }

std::string hcl_quote(std::string_view text) { return hcl::quote(text, true); }

bool is_identifier(std::string_view name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

void HclBody::attribute(std::string name, std::string expr) {
  items_.push_back(Item{Item::Kind::Attribute, std::move(name), std::move(expr), {}, nullptr});
}

HclBody& HclBody::block(std::string type, std::vector<std::string> labels) {
  items_.push_back(Item{Item::Kind::Block, std::move(type), {}, std::move(labels), std::make_unique<HclBody>()});
  return *items_.back().body;
}

void HclBody::line(std::string text) { items_.push_back(Item{Item::Kind::Line, std::move(text), {}, {}, nullptr}); }

void HclBody::comment(std::string_view text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    std::string_view one = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    line(one.empty() ? "#" : "# " + std::string(one));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

void HclBody::blank_line() { items_.push_back(Item{Item::Kind::Blank, {}, {}, {}, nullptr}); }

void HclBody::write(std::string& out, int indent) const {
  std::string pad(static_cast<size_t>(indent), ' ');
  for (size_t i = 0; i < items_.size(); ++i) {
    const Item& item = items_[i];
    switch (item.kind) {
      case Item::Kind::Blank: out += '\n'; break;
      case Item::Kind::Line: out += pad + item.name + '\n'; break;
      case Item::Kind::Attribute: {
        // packer fmt aligns the `=` of every attribute in an unbroken run of one-line attributes;
        // an attribute whose value spans lines stands alone.
        auto one_line = [&](size_t j) {
          return items_[j].kind == Item::Kind::Attribute && items_[j].expr.find('\n') == std::string::npos;
        };
        size_t width = 0;
        size_t first = i, last = i;
        if (one_line(i)) {
          while (first > 0 && one_line(first - 1)) --first;
          while (last + 1 < items_.size() && one_line(last + 1)) ++last;
        }
        for (size_t j = first; j <= last; ++j) width = std::max(width, items_[j].name.size());
        out += pad + item.name + std::string(width - item.name.size(), ' ') + " = ";
        append_indented(out, item.expr, indent);
        out += '\n';
        break;
      }
      case Item::Kind::Block: {
        out += pad + item.name;
        for (const auto& label : item.labels) out += " " + hcl_quote(label);
        out += " {\n";
        item.body->write(out, indent + 2);
        out += pad + "}\n";
        break;
      }
    }
  }
}

}  // namespace kiln::upgrade
