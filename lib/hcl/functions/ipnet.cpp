// IP network functions: cidrhost, cidrnetmask, cidrsubnet, cidrsubnets (as go-cidr computes them).
#include <arpa/inet.h>

#include <cstring>

#include "hcl/functions/categories.hpp"
#include "hcl/functions/support.hpp"

namespace kiln::hcl::functions {

namespace {

using u128 = unsigned __int128;

struct Network {
  u128 address = 0;  // the network address: host bits cleared
  int prefix = 0;
  int bits = 32;  // 32 for IPv4, 128 for IPv6
};

u128 mask_of(int prefix, int bits) {
  u128 all = bits == 128 ? ~u128(0) : (u128(1) << 32) - 1;
  if (prefix == 0) return 0;
  return all & ~((u128(1) << (bits - prefix)) - 1) & all;
}

std::string address_text(u128 a, int bits) {
  char buf[INET6_ADDRSTRLEN];
  if (bits == 32) {
    auto v = uint32_t(a);
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v >> 24, v >> 16 & 0xFF, v >> 8 & 0xFF, v & 0xFF);
    return buf;
  }
  unsigned char bytes[16];
  for (int i = 15; i >= 0; --i, a >>= 8) bytes[i] = static_cast<unsigned char>(a & 0xFF);
  inet_ntop(AF_INET6, bytes, buf, sizeof buf);
  return buf;
}

std::string network_text(const Network& n) { return address_text(n.address, n.bits) + "/" + std::to_string(n.prefix); }

// Go's net.ParseCIDR; the error as go-cty-funcs reports it.
Network parse_cidr(const std::string& s) {
  auto bad = [&]() -> void { fail("invalid CIDR expression: invalid CIDR address: " + s); };
  size_t slash = s.find('/');
  if (slash == std::string::npos) bad();
  std::string ip = s.substr(0, slash), length = s.substr(slash + 1);
  if (length.empty() || length.size() > 3 || length.find_first_not_of("0123456789") != std::string::npos) bad();
  Network n;
  unsigned char bytes[16];
  if (inet_pton(AF_INET, ip.c_str(), bytes) == 1) {
    n.bits = 32;
    for (int i = 0; i < 4; ++i) n.address = n.address << 8 | bytes[i];
  } else if (inet_pton(AF_INET6, ip.c_str(), bytes) == 1) {
    n.bits = 128;
    for (int i = 0; i < 16; ++i) n.address = n.address << 8 | bytes[i];
  } else {
    bad();
  }
  n.prefix = std::stoi(length);
  if (n.prefix > n.bits) bad();
  n.address &= mask_of(n.prefix, n.bits);
  return n;
}

u128 host_mask(const Network& n) { return ~mask_of(n.prefix, n.bits) & mask_of(n.bits, n.bits); }

Value cidrhost(const Args& a) {
  Network n = parse_cidr(a[0].as_string());
  int64_t number = integer_arg(a, 1);
  u128 max = host_mask(n);
  u128 magnitude = number < 0 ? u128(-(number + 1)) : u128(number);
  if (magnitude > max)
    fail("prefix of " + std::to_string(n.prefix) + " does not accommodate a host numbered " + std::to_string(number));
  u128 host = number < 0 ? max - magnitude : magnitude;
  return text(address_text(n.address | host, n.bits));
}

Network subnet(const Network& n, int64_t new_bits, int64_t number) {
  if (new_bits < 0 || n.prefix + new_bits > n.bits)
    fail("insufficient address space to extend prefix of " + std::to_string(n.prefix) + " by " + std::to_string(new_bits));
  u128 max = new_bits == 0 ? 0 : (u128(1) << new_bits) - 1;
  if (number < 0 || u128(number) > max)
    fail("prefix extension of " + std::to_string(new_bits) + " does not accommodate a subnet numbered " + std::to_string(number));
  int prefix = n.prefix + int(new_bits);
  return {n.address | (u128(number) << (n.bits - prefix)), prefix, n.bits};
}

Value cidrsubnets(const Args& a) {
  Network base = parse_cidr(a[0].as_string());
  std::vector<Value> out;
  if (a.size() == 1) return Value::list({}, kString);
  u128 all = mask_of(base.bits, base.bits);
  // The first subnet starts at the base address; each next one right after the previous one ends,
  // aligned to its own size.
  u128 next_free = base.address;
  bool exhausted = false;
  std::string previous;
  for (size_t i = 1; i < a.size(); ++i) {
    int64_t extend = integer_arg(a, i);
    if (extend < 1) fail_arg(i, "must extend prefix by at least one bit");
    if (extend > 32) fail_arg(i, "may not extend prefix by more than 32 bits");
    int prefix = base.prefix + int(extend);
    if (prefix > base.bits)
      fail_arg(i, "would extend prefix to " + std::to_string(prefix) + " bits, which is too long for an IPv" +
                      std::to_string(base.bits == 32 ? 4 : 6) + " address");
    u128 size = u128(1) << (base.bits - prefix);
    u128 start = (next_free + size - 1) & ~(size - 1) & all;
    bool inside = !exhausted && start >= next_free && (start & mask_of(base.prefix, base.bits)) == base.address;
    if (!inside)
      fail_arg(i, "not enough remaining address space for a subnet with a prefix of " + std::to_string(prefix) +
                      " bits after " + previous);
    Network subnet{start, prefix, base.bits};
    previous = network_text(subnet);
    out.push_back(text(previous));
    next_free = (start + size) & all;
    exhausted = next_free == 0;
  }
  return Value::list(std::move(out), kString);
}

}  // namespace

void add_ipnet_functions(FunctionTable& table) {
  table["cidrhost"] = fixed({param("prefix", kString), param("hostnum", Type::number())}, kString, cidrhost);
  table["cidrnetmask"] = fixed({param("prefix", kString)}, kString, [](const Args& a) {
    Network n = parse_cidr(a[0].as_string());
    return text(address_text(mask_of(n.prefix, n.bits), n.bits));
  });
  table["cidrsubnet"] = fixed({param("prefix", kString), param("newbits", Type::number()), param("netnum", Type::number())},
                              kString, [](const Args& a) {
                                Network n = parse_cidr(a[0].as_string());
                                return text(network_text(subnet(n, integer_arg(a, 1), integer_arg(a, 2))));
                              });
  table["cidrsubnets"] = variadic({param("prefix", kString)}, param("newbits", Type::number()), Type::list(kString), cidrsubnets);
}

}  // namespace kiln::hcl::functions
