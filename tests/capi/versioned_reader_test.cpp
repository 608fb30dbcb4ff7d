// The versioned-struct reader (capi/versioned.hpp) as an older library builds it: a caller built
// against a newer header passes a longer struct; a version 1 reader copies the version 1 prefix only
// and refuses a version it does not know, and a version 1 writer never writes past version 1's size.
#include <cstdio>
#include <cstring>

#include "capi/versioned.hpp"

namespace {

struct Options {  // "version 2": the fields after `b` came with version 2
  unsigned int version;
  int a;
  const char* b;
  int c;
  double d;
};

constexpr size_t v1_only[] = {KILN_PREFIX_SIZE(Options, b)};
constexpr size_t v1_and_v2[] = {KILN_PREFIX_SIZE(Options, b), sizeof(Options)};
constexpr kiln::capi::VersionedLayout<Options> v1_reader{v1_only};
constexpr kiln::capi::VersionedLayout<Options> v2_reader{v1_and_v2};
constexpr Options defaults{2, 1, "default", 3, 4.5};

int failures = 0;
void check(bool ok, const char* what) {
  if (!ok) {
    ++failures;
    std::fprintf(stderr, "CHECK failed: %s\n", what);
  }
}
#define CHECK(cond) check(cond, #cond)

}  // namespace

int main() {
  // A new caller's version 2 struct, given to a version 1 reader: refused, output untouched.
  Options caller{2, 7, "mine", 8, 9.5};
  Options out = defaults;
  CHECK(!v1_reader.read(caller, out));
  CHECK(out.a == 1 && std::strcmp(out.b, "default") == 0 && out.c == 3);

  // The same caller asking for version 1: only the version 1 prefix is read, the rest keep defaults.
  caller.version = 1;
  out = defaults;
  CHECK(v1_reader.read(caller, out));
  CHECK(out.version == 1 && out.a == 7 && std::strcmp(out.b, "mine") == 0);
  CHECK(out.c == 3 && out.d == 4.5);

  // A version 2 reader reads all of it; version 0 and versions past the table are refused.
  caller.version = 2;
  out = defaults;
  CHECK(v2_reader.read(caller, out));
  CHECK(out.c == 8 && out.d == 9.5);
  caller.version = 0;
  CHECK(!v2_reader.read(caller, out));
  caller.version = 3;
  CHECK(!v2_reader.read(caller, out));

  // init for version 1 writes the version 1 bytes and leaves the rest of the caller's memory alone.
  Options written;
  std::memset(&written, 0xAB, sizeof written);
  unsigned char untouched[sizeof written];
  std::memcpy(untouched, &written, sizeof written);
  CHECK(v2_reader.write(written, defaults, 1));
  CHECK(written.version == 1 && written.a == 1 && std::strcmp(written.b, "default") == 0);
  CHECK(std::memcmp(reinterpret_cast<unsigned char*>(&written) + v1_only[0], untouched + v1_only[0],
                    sizeof written - v1_only[0]) == 0);
  CHECK(!v1_reader.write(written, defaults, 2));

  std::printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
