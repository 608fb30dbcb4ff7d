// Levels 7-9 of klauspost/compress 1.15.12 flate (deflate.go's deflateLazy, BSD-3-Clause, Go Authors and Klaus
// Post): hash chains over a 64 KiB sliding window with lazy matching.
#pragma once

#include <memory>

#include "codec/klauspost_deflate.hpp"

namespace kiln::codec {

std::unique_ptr<Deflater> make_lazy_deflater(int level);

}  // namespace kiln::codec
