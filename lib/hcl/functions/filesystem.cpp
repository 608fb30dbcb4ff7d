// Filesystem functions: abspath, basename, dirname, pathexpand, file, filebase64, fileexists,
// fileset, templatefile. Relative paths given to the reading functions start at base_dir.
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "hcl/eval.hpp"
#include "hcl/functions/categories.hpp"
#include "hcl/functions/glob.hpp"
#include "hcl/functions/support.hpp"
#include "hcl/functions/text.hpp"
#include "hcl/parser.hpp"
#include "kiln/error.hpp"
#include "util/base64.hpp"
#include "util/read_file.hpp"

namespace kiln::hcl::functions {

namespace {

namespace fs = std::filesystem;

// Go's path/filepath.Clean for slash-separated paths.
std::string clean(const std::string& path) {
  if (path.empty()) return ".";
  bool rooted = path[0] == '/';
  std::vector<std::string> parts;
  std::stringstream in(path);
  for (std::string part; std::getline(in, part, '/');) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!rooted) parts.push_back(part);
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

std::string base_name(std::string path) {
  if (path.empty()) return ".";
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path == "/") return "/";
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dir_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return clean(slash == std::string::npos ? "" : path.substr(0, slash + 1));
}

// homedir.Expand: a leading "~" or "~/" is the user's home directory.
std::string expand_home(const std::string& path) {
  if (path.empty() || path[0] != '~') return path;
  if (path.size() > 1 && path[1] != '/') fail("cannot expand user-specific home dir");
  const char* home = std::getenv("HOME");
  if (!home || !*home) fail("unable to determine home directory: $HOME is not set");
  return std::string(home) + path.substr(1);
}

std::string resolve(const std::string& base_dir, const std::string& path) {
  std::string expanded = expand_home(path);
  if (expanded.empty() || expanded[0] == '/' || base_dir.empty()) return expanded;
  return base_dir + "/" + expanded;
}

std::string read_file(const std::string& base_dir, const std::string& path) {
  std::string full = resolve(base_dir, path);
  std::error_code ec;
  if (!fs::exists(full, ec)) fail("no file exists at " + full);
  if (fs::is_directory(full, ec)) fail(full + " is a directory, not a file");
  // Never blocking on a FIFO without a writer, nor reading /dev/zero until memory runs out.
  try {
    return read_input_file(full, "file");
  } catch (const Error& e) {
    fail(e.what());
  }
}

Value file_set(const std::string& base_dir, const Args& a) {
  std::string root = resolve(base_dir, a[0].as_string());
  std::string pattern = a[1].as_string();
  std::vector<Value> matches;
  std::error_code ec;
  if (fs::is_directory(root, ec)) {
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string relative = fs::relative(it->path(), root, ec).generic_string();
      try {
        if (glob_match(pattern, relative)) matches.push_back(text(relative));
      } catch (const std::invalid_argument& e) {
        fail("failed to glob pattern (" + pattern + "): " + e.what());
      }
    }
  }
  return Value::set(std::move(matches), kString);
}

bool is_identifier(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])))) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

// The file read as a template: a heredoc around its text parses exactly as HCL parses a template
// file (no backslash escapes, ${…} and %{…} directives), one line further down.
Value render_template(const std::string& base_dir, const Args& a, const FunctionTable& functions) {
  std::string path = resolve(base_dir, a[0].as_string());
  std::string source = read_file(base_dir, a[0].as_string());
  if (!valid_utf8(source)) fail("contents of " + path + " are not valid UTF-8");
  const Value& vars = a[1];
  if (vars.type().kind() != Type::Kind::Map && vars.type().kind() != Type::Kind::Object)
    fail_arg(1, "invalid vars value: must be a map");
  EvalContext ctx;
  for (const auto& [name, value] : vars.attributes()) {
    if (!is_identifier(name))
      fail_arg(1, "invalid template variable name \"" + name +
                      "\": must start with a letter, followed by zero or more letters, digits, and underscores");
    ctx.variables[name] = value;
  }
  ctx.functions = &functions;
  bool ends_in_newline = !source.empty() && source.back() == '\n';
  std::string marker = "KILN_TEMPLATEFILE_END";
  while (source.find(marker) != std::string::npos) marker += "_";
  std::string wrapped = "<<" + marker + "\n" + source + (ends_in_newline ? "" : "\n") + marker + "\n";
  ParsedExpr parsed = parse_expression(wrapped, path);
  Diagnostics diags = parsed.diagnostics;
  Value result;
  if (parsed.expr && diags.empty()) result = evaluate(*parsed.expr, ctx, diags);
  if (!diags.empty()) {
    const Diagnostic& d = diags.front();
    Range at = d.subject;
    at.start.line -= 1, at.end.line -= 1;
    fail(at.str() + ": " + d.summary + "; " + d.detail);
  }
  if (result.is_known() && !result.is_null() && result.type() == kString && !ends_in_newline) {
    std::string s = result.as_string();
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return text(s);
  }
  return result;
}

}  // namespace

void add_filesystem_functions(FunctionTable& table, const std::string& base_dir) {
  table["abspath"] = fixed({param("path", kString)}, kString, [](const Args& a) {
    const std::string& p = a[0].as_string();
    if (!p.empty() && p[0] == '/') return text(clean(p));
    std::error_code ec;
    std::string cwd = fs::current_path(ec).string();
    if (ec) fail("cannot determine the working directory: " + ec.message());
    return text(clean(cwd + "/" + p));
  });
  table["basename"] = fixed({param("path", kString)}, kString, [](const Args& a) { return text(base_name(a[0].as_string())); });
  table["dirname"] = fixed({param("path", kString)}, kString, [](const Args& a) { return text(dir_name(a[0].as_string())); });
  table["pathexpand"] = fixed({param("path", kString)}, kString, [](const Args& a) { return text(expand_home(a[0].as_string())); });
  table["file"] = fixed({param("path", kString)}, kString, [base_dir](const Args& a) {
    std::string content = read_file(base_dir, a[0].as_string());
    if (!valid_utf8(content))
      fail("contents of " + resolve(base_dir, a[0].as_string()) +
           " are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead");
    return text(content);
  });
  table["filebase64"] = fixed({param("path", kString)}, kString, [base_dir](const Args& a) {
    return text(base64(read_file(base_dir, a[0].as_string())));
  });
  table["fileexists"] = fixed({param("path", kString)}, Type::boolean(), [base_dir](const Args& a) {
    std::string full = resolve(base_dir, a[0].as_string());
    std::error_code ec;
    fs::file_status status = fs::status(full, ec);
    if (!fs::exists(status)) return Value::boolean(false);
    if (fs::is_directory(status)) fail(full + " is a directory, not a file");
    return Value::boolean(fs::is_regular_file(status));
  });
  table["fileset"] = fixed({param("path", kString), param("pattern", kString)}, Type::set(kString),
                           [base_dir](const Args& a) { return file_set(base_dir, a); });

  // Inside a template every function but templatefile itself is available.
  auto inner = std::make_shared<FunctionTable>(table);
  (*inner)["templatefile"] = fixed({param("path", kString), param("vars", Type::dynamic())}, kString, [](const Args&) -> Value {
    fail("cannot recursively call templatefile from inside templatefile call");
  });
  Function templatefile;
  templatefile.params = {param("path", kString), param("vars", Type::dynamic())};
  templatefile.impl = [base_dir, inner](const Args& a) { return render_template(base_dir, a, *inner); };
  table["templatefile"] = templatefile;
}

}  // namespace kiln::hcl::functions
