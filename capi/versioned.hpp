// Versioned structs (options, vtables) read and written by the caller's version: a caller built
// against an older kiln.h has a shorter struct, so only the bytes its `version` defines may be touched.
#pragma once

#include <cstddef>
#include <cstring>
#include <span>
#include <type_traits>

namespace kiln::capi {

// sizes[v - 1] is the size of version v of a struct whose first member is `unsigned int version`.
template <class T>
struct VersionedLayout {
  static_assert(std::is_trivially_copyable_v<T> && std::is_standard_layout_v<T>);
  std::span<const size_t> sizes;

  bool known(unsigned int version) const { return version >= 1 && version <= sizes.size(); }

  // Copies the caller's prefix over `out` (which holds the current layout's defaults); false when
  // the caller's version is 0 or newer than this library, then `out` is left alone.
  bool read(const T& caller, T& out) const {
    unsigned int version;
    std::memcpy(&version, &caller, sizeof version);
    if (!known(version)) return false;
    std::memcpy(static_cast<void*>(&out), &caller, sizes[version - 1]);
    return true;
  }

  // Writes `defaults` into the caller's struct up to the size of `version` only.
  bool write(T& caller, const T& defaults, unsigned int version) const {
    if (!known(version)) return false;
    std::memcpy(static_cast<void*>(&caller), &defaults, sizes[version - 1]);
    std::memcpy(static_cast<void*>(&caller), &version, sizeof version);
    return true;
  }
};

}  // namespace kiln::capi

// The size of a struct up to and including `member`: the size of the version that ended with it.
#define KILN_PREFIX_SIZE(type, member) (offsetof(type, member) + sizeof(static_cast<type*>(nullptr)->member))
