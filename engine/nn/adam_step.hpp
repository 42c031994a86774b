#pragma once
// The float Adam step's coefficients (engine/nn/adam.hpp), rounded once from double: plain
// data, shared by the optimizer and the kernel paths that run the step (simd_paths.hpp).
namespace innate {

struct AdamCoefficients {
  float b1, w1, b2, w2, epsilon, step_size, root_correction;
};

}  // namespace innate
