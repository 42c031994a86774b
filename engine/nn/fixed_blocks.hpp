#pragma once
// The engine's one way to split work over threads without letting the thread count into
// the results: [0, n) cut into blocks of a fixed `size`, run in parallel. The cut depends
// on `size` alone, so code that keeps each block's arithmetic to itself (and adds blocks'
// results in block order) writes the same bytes on any number of threads.
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>

#include <Eigen/Core>
#include <algorithm>

namespace innate {

inline Eigen::Index fixed_block_count(Eigen::Index n, Eigen::Index size) { return (n + size - 1) / size; }

// body(block, first, count) for every block, in parallel.
template <class Body>
void for_fixed_blocks(Eigen::Index n, Eigen::Index size, Body&& body) {
  tbb::parallel_for(Eigen::Index{0}, fixed_block_count(n, size), [&](Eigen::Index b) {
    const Eigen::Index first = b * size;
    body(b, first, std::min(size, n - first));
  });
}

// The same under a oneTBB partitioner: tbb::static_partitioner gives block b to the same
// thread every time, so a loop run again and again over data too large for one core's
// cache finds its share in its own.
template <class Body, class Partitioner>
void for_fixed_blocks(Eigen::Index n, Eigen::Index size, Body&& body, Partitioner&& partitioner) {
  tbb::parallel_for(
      tbb::blocked_range<Eigen::Index>(0, fixed_block_count(n, size)),
      [&](const tbb::blocked_range<Eigen::Index>& blocks) {
        for (Eigen::Index b = blocks.begin(); b != blocks.end(); ++b) {
          const Eigen::Index first = b * size;
          body(b, first, std::min(size, n - first));
        }
      },
      partitioner);
}

}  // namespace innate
