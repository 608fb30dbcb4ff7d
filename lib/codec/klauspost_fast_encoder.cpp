#include "codec/klauspost_fast_encoder.hpp"

#include <stdexcept>

#include "codec/klauspost_levels.hpp"

namespace kiln::codec {

std::unique_ptr<FastEncoder> make_fast_encoder(int level) {
  switch (level) {
    case 1: return std::make_unique<FastEncoderL1>();
    case 2: return std::make_unique<FastEncoderL2>();
    case 3: return std::make_unique<FastEncoderL3>();
    case 4: return std::make_unique<FastEncoderL4>();
    case -1:
    case 5: return std::make_unique<FastEncoderL5>();
    case 6: return std::make_unique<FastEncoderL6>();
    default: throw std::invalid_argument("no fast deflate encoder for this level");
  }
}

}  // namespace kiln::codec
