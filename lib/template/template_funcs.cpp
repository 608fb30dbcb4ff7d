#include "template/template_funcs.hpp"

#include <locale.h>
#include <openssl/rand.h>
#include <unistd.h>
#include <wctype.h>

#include <array>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "kiln/error.hpp"
#include "kiln/version.hpp"
#include "util/go_utf8.hpp"
#include "template/aws_secret.hpp"
#include "template/go_time.hpp"

namespace kiln {

namespace {

std::array<unsigned char, 16> random_bytes() {
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) throw Error("uuid: no random bytes available");
  return b;
}

std::string hex(const unsigned char* p, size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) out += fmt::format("{:02x}", p[i]);
  return out;
}

// Byte-wise replacement used by every clean_resource_name flavour.
template <class Keep>
std::string map_bytes(std::string_view s, Keep keep) {
  std::string out(s);
  for (char& c : out) {
    if (!keep(static_cast<unsigned char>(c))) c = '-';
  }
  return out;
}

bool is_alnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::shared_ptr<const RunConstants> make_run_constants() {
  auto run = std::make_shared<RunConstants>();
  auto b = random_bytes();
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  run->uuid = fmt::format("{}-{}-{}-{}-{}", hex(&b[0], 4), hex(&b[4], 2), hex(&b[6], 2), hex(&b[8], 2), hex(&b[10], 6));
  return run;
}

std::map<std::string, std::string> build_placeholder_data(const std::vector<std::string>& generated) {
  static constexpr const char* common[] = {"ID",           "Host",           "Port",          "User",
                                           "Password",     "ConnType",       "PackerRunUUID", "PackerHTTPPort",
                                           "PackerHTTPIP", "PackerHTTPAddr", "SSHPublicKey",  "SSHPrivateKey",
                                           "WinRMPassword"};
  std::map<std::string, std::string> data;
  for (const char* key : common) data[key] = std::string(build_placeholder_marker);
  for (const auto& key : generated) data[key] = std::string(build_placeholder_marker);
  return data;
}

std::string clean_resource_name(std::string_view s) {
  static constexpr std::string_view allowed = "()[] ./-'@_";
  return map_bytes(s, [](unsigned char c) { return is_alnum(c) || allowed.find(static_cast<char>(c)) != allowed.npos; });
}

std::string clean_resource_name(std::string_view s, std::string_view build_type) {
  if (starts_with(build_type, "azure-")) {
    std::string out = map_bytes(s, [](unsigned char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; });
    while (!out.empty() && (out.back() == '-' || out.back() == '_' || out.back() == '.')) out.pop_back();
    return out;
  }
  if (build_type == "googlecompute" || build_type == "yandex") {
    std::string lower(s);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return map_bytes(lower, [](unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); });
  }
  return clean_resource_name(s);
}

namespace tmpl {

namespace {

using Args = std::vector<Arg>;

[[noreturn]] void fail(const std::string& message) { throw Error(message, ErrorCode::Template); }

std::chrono::system_clock::time_point start_time(const InterpContext& ctx) {
  // Without run constants, one process-wide instant keeps every call consistent (Packer's InitTime).
  static const auto process_start = make_run_constants();
  return (ctx.run ? ctx.run : process_start)->start;
}

// Unicode-aware case mapping like Go's strings.ToUpper/ToLower, through glibc's C.UTF-8 tables.
std::string map_case(std::string_view s, bool upper) {
  static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    char32_t r = decode_utf8(s, i, len);
    i += len;
    if (r < 0x80) {
      char c = static_cast<char>(r);
      if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      out += c;
      continue;
    }
    if (utf8) r = static_cast<char32_t>(upper ? towupper_l(static_cast<wint_t>(r), utf8)
                                              : towlower_l(static_cast<wint_t>(r), utf8));
    encode_utf8(out, r);
  }
  return out;
}

// Go's strings.Split: an empty separator splits after each UTF-8 sequence.
std::vector<std::string_view> split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> parts;
  if (sep.empty()) {
    for (size_t i = 0; i < s.size();) {
      size_t len = 1;
      decode_utf8(s, i, len);
      parts.push_back(s.substr(i, len));
      i += len;
    }
    return parts;
  }
  size_t start = 0;
  for (size_t hit; (hit = s.find(sep, start)) != s.npos; start = hit + sep.size()) parts.push_back(s.substr(start, hit - start));
  parts.push_back(s.substr(start));
  return parts;
}

// Go's strings.Replace: at most n replacements (all when n < 0); an empty `from` matches
// before each UTF-8 sequence and at the end.
std::string replace(std::string_view s, std::string_view from, std::string_view to, long long n) {
  if (from == to || n == 0) return std::string(s);
  std::string out;
  size_t start = 0;
  for (long long done = 0; n < 0 || done < n; ++done) {
    size_t at;
    if (from.empty()) {
      at = start;
      if (done > 0) {
        if (start >= s.size()) break;
        size_t len = 1;
        decode_utf8(s, start, len);
        at += len;
      }
    } else {
      at = s.find(from, start);
      if (at == s.npos) break;
    }
    out.append(s.substr(start, at - start));
    out.append(to);
    start = at + from.size();
  }
  out.append(s.substr(start));
  return out;
}

std::string fn_user(const InterpContext& ctx, const Args& a) {
  if (ctx.user) {
    auto it = ctx.user->find(a[0].str);
    if (it != ctx.user->end()) return it->second;
  }
  if (ctx.on_undefined_user) ctx.on_undefined_user(a[0].str);
  return "";
}

std::string fn_env(const InterpContext& ctx, const Args& a) {
  if (!ctx.allow_env) fail("environment variables can only be read in the variables section");
  return ctx.environment ? ctx.environment->value(a[0].str) : "";
}

std::string fn_timestamp(const InterpContext& ctx, const Args&) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(start_time(ctx).time_since_epoch());
  return std::to_string(secs.count());
}

std::string fn_isotime(const InterpContext& ctx, const Args& a) {
  if (a.size() > 1) fail(fmt::format("takes at most one layout, got {}", a.size()));
  return format_go_time(start_time(ctx), a.empty() ? std::string_view("2006-01-02T15:04:05Z07:00") : a[0].str);
}

std::string fn_strftime(const InterpContext& ctx, const Args& a) { return format_strftime(start_time(ctx), a[0].str); }

std::string fn_uuid(const InterpContext&, const Args&) { return time_ordered_uuid(); }

std::string fn_pwd(const InterpContext&, const Args&) {
  std::string buf(4096, '\0');
  if (!getcwd(buf.data(), buf.size())) fail("cannot read the current directory");
  buf.resize(std::char_traits<char>::length(buf.c_str()));
  return buf;
}

std::string fn_template_dir(const InterpContext& ctx, const Args&) {
  if (ctx.template_dir.empty()) fail("the template's directory is not known here");
  return ctx.template_dir;
}

std::string fn_build_name(const InterpContext& ctx, const Args&) {
  if (ctx.build_name.empty()) fail("no build name is available here");
  return ctx.build_name;
}

std::string fn_build_type(const InterpContext& ctx, const Args&) {
  if (ctx.build_type.empty()) fail("no build type is available here");
  return ctx.build_type;
}

std::string fn_packer_version(const InterpContext&, const Args&) { return packer_compat_version; }

std::string fn_build(const InterpContext& ctx, const Args& a) {
  const std::string& key = a[0].str;
  auto it = ctx.build.find(key);
  if (it == ctx.build.end()) {
    if (ctx.build_data_final) return ctx.missing_build_data;
    fail(fmt::format("the builder does not provide \"{}\"", key));
  }
  // Still a placeholder (prepare time): keep the call for the build-time pass.
  if (it->second.find(build_placeholder_marker) != std::string::npos) return fmt::format("{{{{build `{}`}}}}", key);
  return it->second;
}

std::string fn_split(const InterpContext&, const Args& a) {
  auto parts = split(a[0].str, a[1].str);
  long long i = a[2].num;
  if (i < 0 || static_cast<size_t>(i) >= parts.size())
    fail(fmt::format("there is no piece {} when splitting on \"{}\" ({} pieces)", i, a[1].str, parts.size()));
  return std::string(parts[static_cast<size_t>(i)]);
}

std::string fn_replace(const InterpContext&, const Args& a) { return replace(a[3].str, a[0].str, a[1].str, a[2].num); }
std::string fn_replace_all(const InterpContext&, const Args& a) { return replace(a[2].str, a[0].str, a[1].str, -1); }
std::string fn_upper(const InterpContext&, const Args& a) { return map_case(a[0].str, true); }
std::string fn_lower(const InterpContext&, const Args& a) { return map_case(a[0].str, false); }

std::string fn_clean_resource_name(const InterpContext& ctx, const Args& a) {
  return clean_resource_name(a[0].str, ctx.build_type);
}

// Packer only lets these reach out in the variables section; kiln does not talk to them yet.
std::string fn_consul_key(const InterpContext& ctx, const Args&) {
  if (!ctx.allow_env) fail("Consul keys can only be read in the variables section");
  fail("consul_key is not supported yet");
}

std::string fn_vault(const InterpContext& ctx, const Args&) {
  if (!ctx.allow_env) fail("Vault secrets can only be read in the variables section");
  fail("vault is not supported yet");
}

// Packer 1.6.6's messages.
std::string fn_aws_secretsmanager(const InterpContext& ctx, const Args& a) {
  if (!ctx.allow_env) fail("AWS Secrets Manager is only allowed in the variables section");
  if (a.empty()) fail("secret name must be provided");
  if (a.size() > 2) fail("only secret name and optional secret key can be provided.");
  std::string value = tmpl::read_aws_secret(a[0].str, a.size() == 2 ? a[1].str : "", ctx.environment);
  if (ctx.on_secret) ctx.on_secret(value);
  return value;
}

std::string fn_sed(const InterpContext&, const Args&) {
  fail("sed was removed from Packer templates; use replace or replace_all");
}

using P = Param;
const std::vector<FuncSpec>& functions() {
  static const std::vector<FuncSpec> table = {
      {"aws_secretsmanager", {P::String}, true, fn_aws_secretsmanager},
      {"build", {P::String}, false, fn_build},
      {"build_name", {}, false, fn_build_name},
      {"build_type", {}, false, fn_build_type},
      {"clean_resource_name", {P::String}, false, fn_clean_resource_name},
      {"consul_key", {P::String}, false, fn_consul_key},
      {"env", {P::String}, false, fn_env},
      {"isotime", {P::String}, true, fn_isotime},
      {"lower", {P::String}, false, fn_lower},
      {"packer_version", {}, false, fn_packer_version},
      {"pwd", {}, false, fn_pwd},
      {"replace", {P::String, P::String, P::Int, P::String}, false, fn_replace},
      {"replace_all", {P::String, P::String, P::String}, false, fn_replace_all},
      {"sed", {P::String, P::String}, false, fn_sed},
      {"split", {P::String, P::String, P::Int}, false, fn_split},
      {"strftime", {P::String}, false, fn_strftime},
      {"template_dir", {}, false, fn_template_dir},
      {"timestamp", {}, false, fn_timestamp},
      {"upper", {P::String}, false, fn_upper},
      {"user", {P::String}, false, fn_user},
      {"uuid", {}, false, fn_uuid},
      {"vault", {P::String, P::String}, false, fn_vault},
  };
  return table;
}

}  // namespace

// Decodes one UTF-8 sequence at s[i]; invalid bytes decode to U+FFFD with length 1, as in Go.
const FuncSpec* find_function(std::string_view name) {
  for (const auto& f : functions()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string time_ordered_uuid() {
  auto now = static_cast<uint32_t>(std::time(nullptr));
  auto b = random_bytes();
  return fmt::format("{:08x}-{}-{}-{}-{}", now, hex(&b[0], 2), hex(&b[2], 2), hex(&b[4], 2), hex(&b[6], 6));
}

}  // namespace tmpl
}  // namespace kiln
