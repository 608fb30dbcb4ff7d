#include "codec/klauspost_tokens.hpp"

#include <cstring>

namespace kiln::codec {
namespace {

// A cheap log2 approximation (from https://stackoverflow.com/a/28730362); its exact float results shape the
// estimate, so it is computed in single precision as in the original.
float fast_log2(float val) {
  int32_t ux;
  std::memcpy(&ux, &val, sizeof ux);
  float log2 = static_cast<float>(((ux >> 23) & 255) - 128);
  ux &= -0x7f800001;
  ux += 127 << 23;
  float uval;
  std::memcpy(&uval, &ux, sizeof uval);
  log2 += ((-0.34484843f) * uval + 2.02466578f) * uval - 0.67487759f;
  return log2;
}

float clamp_bits(float v) { return v < 1 ? 1 : v > 15 ? 15 : v; }

}  // namespace

int Tokens::estimated_bits() const {
  float shannon = 0;
  int bits = 0;
  int matches = 0;
  if (n > 0) {
    float inv_total = 1.0f / static_cast<float>(n);
    for (uint16_t v : lit_hist) {
      if (v == 0) continue;
      float f = v;
      shannon += clamp_bits(-fast_log2(f * inv_total)) * f;
    }
    shannon += 15;  // end of block
    for (int i = 1; i < kLiteralCount - 256; ++i) {
      uint16_t v = extra_hist[i];
      if (v == 0) continue;
      float f = v;
      shannon += clamp_bits(-fast_log2(f * inv_total)) * f;
      bits += kLengthExtraBits[(i - 1) & 31] * v;
      matches += v;
    }
  }
  if (matches > 0) {
    float inv_total = 1.0f / static_cast<float>(matches);
    for (int i = 0; i < kOffsetCodeCount; ++i) {
      uint16_t v = off_hist[i];
      if (v == 0) continue;
      float f = v;
      shannon += clamp_bits(-fast_log2(f * inv_total)) * f;
      bits += kOffsetExtraBits[i] * v;
    }
  }
  return static_cast<int>(shannon) + bits;
}

}  // namespace kiln::codec
