#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "hcl/dump.hpp"
#include "hcl/parser.hpp"

using namespace kiln::hcl;
namespace fs = std::filesystem;

namespace {

// The cases recorded from Packer 1.6.6; tests run in tests/, beside the repository, under ../shared.
const fs::path conformance_hcl2 = "../../shared/conformance/hcl2";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<fs::path> conformance_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(conformance_hcl2))
    if (entry.path().extension() == ".hcl") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// What is wrong with a parse of source, or "" when every diagnostic is well formed and a parse
// without diagnostics gives a tree that can be walked.
std::string malformed(const std::string& source) {
  ParsedFile f = parse_file(source, "h.hcl");
  for (const Diagnostic& d : f.diagnostics) {
    const Range& r = d.subject;
    if (d.summary.empty() || d.detail.empty()) return "empty diagnostic at " + r.str();
    if (r.file != "h.hcl" || r.start.line < 1 || r.start.column < 1) return "bad position " + d.str();
    if (r.start.byte > r.end.byte || r.end.byte > source.size()) return "bad range " + d.str();
  }
  if (f.diagnostics.empty() && dump(f.body).rfind("(body", 0) != 0) return "no tree";
  return {};
}

bool mentions(const ParsedFile& f, const std::string& text) {
  for (const Diagnostic& d : f.diagnostics)
    if (d.str().find(text) != std::string::npos) return true;
  return false;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("every .hcl file of the HCL2 conformance cases parses without diagnostics") {
  std::vector<fs::path> files = conformance_files();
  REQUIRE(files.size() >= 10);
  for (const fs::path& p : files) {
    ParsedFile f = parse_file(read(p), p.filename().string());
    INFO(p.string());
    for (const Diagnostic& d : f.diagnostics) INFO(d.str());
    CHECK(f.diagnostics.empty());
    bool has_content = !f.body.attributes.empty() || !f.body.blocks.empty();
    CHECK(has_content);
  }
}

TEST_CASE("hostile nesting is refused with a diagnostic at the place, never a stack overflow") {
  struct Nesting {
    std::string prefix, opener, closer, suffix;
  };
  const Nesting nestings[] = {
      {"a = ", "[", "]", ""},
      {"a = ", "(", ")", ""},
      {"a = ", "{ k = ", " }", ""},
      {"a = \"", "${\"", "\"}", "\""},
      {"", "b {\n", "}\n", ""},
      {"a = ", "!", "", ""},
      {"a = ", "-", "", ""},
      {"a = ", "x ? y : ", "", ""},
      {"a = \"", "%{ if c }", "%{ endif }", "\""},
      {"a = \"", "%{ for x in y }", "%{ endfor }", "\""},
      {"a = ", "f(", ")", ""},
      {"a = ", "[for x in y : ", "]", ""},
      {"a = <<EOT\n", "${<<EOT\n", "EOT\n}", "EOT\n"},
  };
  for (const Nesting& n : nestings) {
    std::string source = n.prefix + repeat(n.opener, 10000) + "1" + repeat(n.closer, 10000) + n.suffix;
    ParsedFile f = parse_file(source, "h.hcl");
    INFO(n.opener);
    CHECK(mentions(f, "Too deeply nested; More than 200 levels"));
    CHECK_EQ(malformed(source), "");
    // Unclosed, it is refused too.
    std::string unclosed = n.prefix + repeat(n.opener, 10000);
    CHECK_FALSE(parse_file(unclosed, "h.hcl").diagnostics.empty());
    CHECK_EQ(malformed(unclosed), "");
  }
  // Long flat chains deepen the tree as much as nesting does.
  for (const std::string& link : {std::string(" + 1"), std::string(".b"), std::string("[0]")}) {
    ParsedFile f = parse_file("a = x" + repeat(link, 10000), "h.hcl");
    CHECK(mentions(f, "Too deeply nested"));
  }
  // Nesting below the limit is fine.
  ParsedFile ok = parse_file("a = " + repeat("[", 150) + repeat("]", 150), "h.hcl");
  CHECK(ok.diagnostics.empty());
}

TEST_CASE("a body item abandoned after its nested blocks resumes past them, never parsing them again") {
  // Each block holds a line the body refuses and ends with junk after its closing brace. Resuming the
  // outer item before the junk parsed the inner blocks again: the problems doubled at each level
  // (2^depth of them; 24 levels, a 200-byte file, took minutes and gigabytes).
  auto nested = [](int depth) {
    std::string source;
    for (int i = 0; i < depth; ++i) source += "b" + std::to_string(i) + " {\n]\n";
    return source + "x = 1\n" + repeat("} junk\n", depth);
  };
  ParsedFile one = parse_file(nested(1), "h.hcl");
  std::vector<std::string> problems;
  for (const Diagnostic& d : one.diagnostics) problems.push_back(d.str());
  CHECK_EQ(problems, std::vector<std::string>{
                         "h.hcl:2,1-2: Argument or block definition required; An argument or block definition is "
                         "required here.",
                         "h.hcl:4,3-7: Missing newline after block definition; A block definition must end with a "
                         "newline.",
                     });
  for (int depth : {12, 16}) {
    ParsedFile f = parse_file(nested(depth), "h.hcl");
    INFO(depth);
    CHECK_EQ(f.diagnostics.size(), static_cast<size_t>(2 * depth));
    CHECK_EQ(malformed(nested(depth)), "");
  }
}

TEST_CASE("random bytes and random token soup never crash the parser") {
  std::mt19937 random(20260202);
  const std::vector<std::string> soup = {
      "{", "}", "[", "]", "(", ")", "\"", "${", "%{", "~", "}", "=", ",", ".", "*", "?", ":", "<<EOT\n", "<<-EOT\n",
      "EOT", "\n", " ", "a", "b-c", "1", "2.5", "for", "in", "if", "else", "endif", "endfor", "...", "=>", "!", "-",
      "+", "==", "&&", "#", "//", "/*", "*/", "\\", "\xC3\xA9", "\xFF", "'", ";", "$${", "block", "\"x\"",
  };
  for (int round = 0; round < 400; ++round) {
    std::string bytes;
    size_t length = random() % 200;
    for (size_t i = 0; i < length; ++i) bytes += static_cast<char>(random() % 256);
    CHECK_EQ(malformed(bytes), "");
    std::string tokens;
    for (size_t i = 0; i < length; ++i) tokens += soup[random() % soup.size()];
    INFO(tokens);
    CHECK_EQ(malformed(tokens), "");
  }
}

TEST_CASE("every truncation of every conformance file parses or reports, never crashes") {
  for (const fs::path& p : conformance_files()) {
    std::string source = read(p);
    for (size_t cut = 0; cut <= source.size(); ++cut) {
      std::string prefix = source.substr(0, cut);
      INFO(p.string() << " cut at " << cut);
      CHECK_EQ(malformed(prefix), "");
    }
    // Cutting inside a block leaves it unclosed, and the diagnostic says where it opened.
    size_t brace = source.find("{\n");
    if (brace != std::string::npos)
      CHECK(mentions(parse_file(source.substr(0, brace + 2), "h.hcl"), "Unclosed configuration block"));
  }
}
