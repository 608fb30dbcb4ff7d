// The quicksort klauspost/compress 1.15.12 flate sorts Huffman leaves with (Go's sort package of that era,
// BSD-3-Clause). Ordering by (frequency, literal) is total, so any sort agrees with it except in one place:
// past its depth limit it falls back to a heap sort by literal alone, which a faithful port must reproduce.
#pragma once

#include <utility>

#include "codec/klauspost_huffman.hpp"

namespace kiln::codec::sort_detail {

inline bool by_literal(const LiteralNode& x, const LiteralNode& y) { return x.literal < y.literal; }
inline bool by_freq(const LiteralNode& x, const LiteralNode& y) {
  return x.freq == y.freq ? x.literal < y.literal : x.freq < y.freq;
}

using Less = bool (*)(const LiteralNode&, const LiteralNode&);

inline void sift_down(LiteralNode* d, int lo, int hi, int first) {
  int root = lo;
  for (;;) {
    int child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && by_literal(d[first + child], d[first + child + 1])) child++;
    if (!by_literal(d[first + root], d[first + child])) return;
    std::swap(d[first + root], d[first + child]);
    root = child;
  }
}

inline void heap_sort_by_literal(LiteralNode* d, int a, int b) {
  int hi = b - a;
  for (int i = (hi - 1) / 2; i >= 0; --i) sift_down(d, i, hi, a);
  for (int i = hi - 1; i >= 0; --i) {
    std::swap(d[a], d[a + i]);
    sift_down(d, 0, i, a);
  }
}

inline void median_of_three(LiteralNode* d, int m1, int m0, int m2, Less less) {
  if (less(d[m1], d[m0])) std::swap(d[m1], d[m0]);
  if (less(d[m2], d[m1])) {
    std::swap(d[m2], d[m1]);
    if (less(d[m1], d[m0])) std::swap(d[m1], d[m0]);
  }
}

inline void insertion_sort(LiteralNode* d, int a, int b, Less less) {
  for (int i = a + 1; i < b; ++i)
    for (int j = i; j > a && less(d[j], d[j - 1]); --j) std::swap(d[j], d[j - 1]);
}

// Partitions d[lo, hi) around a ninther pivot; returns the bounds of the pivot run.
inline std::pair<int, int> do_pivot(LiteralNode* d, int lo, int hi, Less less) {
  int m = static_cast<int>(static_cast<unsigned>(lo + hi) >> 1);
  if (hi - lo > 40) {
    int s = (hi - lo) / 8;
    median_of_three(d, lo, lo + s, lo + 2 * s, less);
    median_of_three(d, m, m - s, m + s, less);
    median_of_three(d, hi - 1, hi - 1 - s, hi - 1 - 2 * s, less);
  }
  median_of_three(d, lo, m, hi - 1, less);

  const int pivot = lo;
  int a = lo + 1, c = hi - 1;
  for (; a < c && less(d[a], d[pivot]); ++a) {
  }
  int b = a;
  for (;;) {
    for (; b < c && less(d[b], d[pivot]); ++b) {
    }
    for (; b < c && less(d[pivot], d[c - 1]); --c) {
    }
    if (b >= c) break;
    std::swap(d[b], d[c - 1]);
    ++b;
    --c;
  }
  bool protect = hi - c < 5;
  if (!protect && hi - c < (hi - lo) / 4) {
    int dups = 0;
    if (less(d[hi - 1], d[pivot])) {
      std::swap(d[c], d[hi - 1]);
      ++c;
      ++dups;
    }
    if (less(d[pivot], d[b - 1])) {
      --b;
      ++dups;
    }
    if (less(d[pivot], d[m])) {
      std::swap(d[m], d[b - 1]);
      --b;
      ++dups;
    }
    protect = dups > 1;
  }
  if (protect) {
    for (;;) {
      for (; a < b && less(d[pivot], d[b - 1]); --b) {
      }
      for (; a < b && less(d[a], d[pivot]); ++a) {
      }
      if (a >= b) break;
      std::swap(d[a], d[b - 1]);
      ++a;
      --b;
    }
  }
  std::swap(d[pivot], d[b - 1]);
  return {b - 1, c};
}

inline void quick_sort(LiteralNode* d, int a, int b, int max_depth, Less less) {
  while (b - a > 12) {
    if (max_depth == 0) {
      heap_sort_by_literal(d, a, b);
      return;
    }
    --max_depth;
    auto [mlo, mhi] = do_pivot(d, a, b, less);
    if (mlo - a < b - mhi) {
      quick_sort(d, a, mlo, max_depth, less);
      a = mhi;
    } else {
      quick_sort(d, mhi, b, max_depth, less);
      b = mlo;
    }
  }
  if (b - a > 1) {
    for (int i = a + 6; i < b; ++i)  // a shell sort pass with gap 6
      if (less(d[i], d[i - 6])) std::swap(d[i], d[i - 6]);
    insertion_sort(d, a, b, less);
  }
}

inline int max_depth(int n) {
  int depth = 0;
  for (int i = n; i > 0; i >>= 1) ++depth;
  return depth * 2;
}

}  // namespace kiln::codec::sort_detail

namespace kiln::codec {

inline void sort_by_freq(LiteralNode* d, int n) { sort_detail::quick_sort(d, 0, n, sort_detail::max_depth(n), sort_detail::by_freq); }
inline void sort_by_literal(LiteralNode* d, int n) {
  sort_detail::quick_sort(d, 0, n, sort_detail::max_depth(n), sort_detail::by_literal);
}

}  // namespace kiln::codec
