// String functions: cty's stdlib string functions, which Packer registers as they are.
#include <string_view>

#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"
#include "hcl/functions/text.hpp"
#include "hcl/utf8.hpp"

namespace kiln::hcl::functions {

namespace {


Function unary(Impl impl) { return fixed({param("str", kString)}, kString, std::move(impl)); }

std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  if (from.empty()) {
    // Go's strings.Replace with an empty old string inserts `to` around every code point.
    out.append(to);
    for (std::string_view cluster = s; !cluster.empty();) {
      CodePoint cp = decode_utf8(cluster);
      size_t n = cp.length == 0 ? 1 : cp.length;
      out.append(cluster.substr(0, n));
      out.append(to);
      cluster.remove_prefix(n);
    }
    return out;
  }
  size_t pos = 0;
  for (size_t hit; (hit = s.find(from, pos)) != std::string_view::npos; pos = hit + from.size()) {
    out.append(s.substr(pos, hit - pos));
    out.append(to);
  }
  out.append(s.substr(pos));
  return out;
}

// Go's strings.Trim: code points of `cutset` removed from both ends.
std::string trim_cutset(std::string_view s, std::string_view cutset) {
  auto in_cutset = [&](std::string_view cp) { return !cp.empty() && cutset.find(cp) != std::string_view::npos; };
  std::vector<std::string_view> points;
  for (std::string_view rest = s; !rest.empty();) {
    CodePoint cp = decode_utf8(rest);
    size_t n = cp.length == 0 ? 1 : cp.length;
    points.push_back(rest.substr(0, n));
    rest.remove_prefix(n);
  }
  size_t begin = 0, end = points.size();
  while (begin < end && in_cutset(points[begin])) ++begin;
  while (end > begin && in_cutset(points[end - 1])) --end;
  std::string out;
  for (size_t i = begin; i < end; ++i) out.append(points[i]);
  return out;
}

std::vector<std::string> split(std::string_view s, std::string_view separator) {
  std::vector<std::string> parts;
  if (separator.empty()) {
    while (!s.empty()) {
      CodePoint cp = decode_utf8(s);
      size_t n = cp.length == 0 ? 1 : cp.length;
      parts.emplace_back(s.substr(0, n));
      s.remove_prefix(n);
    }
    return parts;
  }
  size_t pos = 0;
  for (size_t hit; (hit = s.find(separator, pos)) != std::string_view::npos; pos = hit + separator.size())
    parts.emplace_back(s.substr(pos, hit - pos));
  parts.emplace_back(s.substr(pos));
  return parts;
}

// cty's substr: offset and length count grapheme clusters; a negative offset counts from the end,
// length -1 means "to the end".
std::string substring(const std::string& s, int64_t offset, int64_t length) {
  std::vector<std::string_view> clusters = graphemes(s);
  auto total = int64_t(clusters.size());
  if (offset < 0) {
    offset += total;
  } else if (length == 0) {
    return "";
  }
  if (offset >= total && offset > 0) return "";
  size_t first = offset > 0 ? size_t(offset) : 0;
  size_t last = clusters.size();
  // cty stops after `length` clusters, but a zero length (reachable with a negative offset) never
  // matches its counter and keeps the rest.
  if (length > 0 && first + size_t(length) < last) last = first + size_t(length);
  std::string out;
  for (size_t i = first; i < last; ++i) out.append(clusters[i]);
  return out;
}

Value join(const Args& args) {
  if (args.size() < 2) fail("at least one list is required");
  std::string out;
  bool first = true;
  for (size_t list = 1; list < args.size(); ++list) {
    size_t index = 0;
    for (const Value& item : args[list].elements()) {
      if (item.is_null()) {
        if (args.size() > 2)
          fail_arg(list, "element " + std::to_string(index) + " of list " + std::to_string(list) +
                             " is null; cannot concatenate null values");
        fail_arg(list, "element " + std::to_string(index) + " is null; cannot concatenate null values");
      }
      if (!first) out += args[0].as_string();
      out += item.as_string();
      first = false;
      ++index;
    }
  }
  return text(out);
}

}  // namespace

void add_string_functions(FunctionTable& table) {
  table["upper"] = unary([](const Args& a) { return text(to_upper(a[0].as_string())); });
  table["lower"] = unary([](const Args& a) { return text(to_lower(a[0].as_string())); });
  table["title"] = unary([](const Args& a) { return text(title_case(a[0].as_string())); });
  table["trimspace"] = unary([](const Args& a) { return text(std::string(trim_space(a[0].as_string()))); });
  table["chomp"] = unary([](const Args& a) {
    std::string s = a[0].as_string();
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return text(s);
  });
  table["strrev"] = unary([](const Args& a) {
    std::vector<std::string_view> clusters = graphemes(a[0].as_string());
    std::string out;
    for (auto it = clusters.rbegin(); it != clusters.rend(); ++it) out.append(*it);
    return text(out);
  });
  table["substr"] =
      fixed({param("str", kString), param("offset", Type::number()), param("length", Type::number())}, kString,
            [](const Args& a) { return text(substring(a[0].as_string(), integer_arg(a, 1), integer_arg(a, 2))); });
  table["trim"] = fixed({param("str", kString), param("cutset", kString)}, kString, [](const Args& a) {
    return text(trim_cutset(a[0].as_string(), a[1].as_string()));
  });
  table["trimprefix"] = fixed({param("str", kString), param("prefix", kString)}, kString, [](const Args& a) {
    const std::string& s = a[0].as_string();
    const std::string& prefix = a[1].as_string();
    return text(s.starts_with(prefix) ? s.substr(prefix.size()) : s);
  });
  table["trimsuffix"] = fixed({param("str", kString), param("suffix", kString)}, kString, [](const Args& a) {
    const std::string& s = a[0].as_string();
    const std::string& suffix = a[1].as_string();
    return text(s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s);
  });
  table["indent"] = fixed({param("spaces", Type::number()), param("str", kString)}, kString, [](const Args& a) {
    int64_t spaces = integer_arg(a, 0);
    if (spaces > 1000000) fail_arg(0, "more than 1000000 spaces of indentation");
    return text(replace_all(a[1].as_string(), "\n", "\n" + std::string(spaces > 0 ? size_t(spaces) : 0, ' ')));
  });
  table["join"] = variadic({param("separator", kString)}, param("lists", Type::list(kString)), kString,
                           when_wholly_known(kString, join));
  table["split"] = fixed({param("separator", kString), param("str", kString)}, Type::list(kString), [](const Args& a) {
    std::vector<Value> parts;
    for (std::string& part : split(a[1].as_string(), a[0].as_string())) parts.push_back(text(std::move(part)));
    return Value::list(std::move(parts), kString);
  });
  table["replace"] =
      fixed({param("str", kString), param("substr", kString), param("replace", kString)}, kString,
            [](const Args& a) { return text(replace_all(a[0].as_string(), a[1].as_string(), a[2].as_string())); });
  table["strcontains"] = fixed({param("str", kString), param("substr", kString)}, Type::boolean(), [](const Args& a) {
    return Value::boolean(a[0].as_string().find(a[1].as_string()) != std::string::npos);
  });
  table["startswith"] = fixed({param("str", kString), param("prefix", kString)}, Type::boolean(),
                              [](const Args& a) { return Value::boolean(a[0].as_string().starts_with(a[1].as_string())); });
  table["endswith"] = fixed({param("str", kString), param("suffix", kString)}, Type::boolean(),
                            [](const Args& a) { return Value::boolean(a[0].as_string().ends_with(a[1].as_string())); });
}

}  // namespace kiln::hcl::functions
