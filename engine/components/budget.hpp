#pragma once
// What producing a network consumed: the resource-fair side of a comparison between arms.
// Labelled examples count every example passed through a network (a forward pass, or a
// forward and backward pass, counts once; repeats count again); FLOPs are an estimate of
// the network passes alone (2 per weight forward, 6 per weight forward and backward),
// not of decoding a genome or of the environment.
#include <cstdint>

#include "engine/formats/serialization.hpp"

namespace innate {

struct Budget {
  std::uint64_t examples = 0;
  std::uint64_t gradient_steps = 0;
  std::uint64_t evaluations = 0;
  std::uint64_t env_steps = 0;
  double flops = 0.0;

  Budget& operator+=(const Budget& o) {
    examples += o.examples;
    gradient_steps += o.gradient_steps;
    evaluations += o.evaluations;
    env_steps += o.env_steps;
    flops += o.flops;
    return *this;
  }
  friend Budget operator+(Budget a, const Budget& b) { return a += b; }
  // `n` times this budget.
  Budget times(std::uint64_t n) const {
    return {examples * n, gradient_steps * n, evaluations * n, env_steps * n, flops * static_cast<double>(n)};
  }
  Json to_json() const {
    return Json{{"examples", examples},
                {"gradient_steps", gradient_steps},
                {"evaluations", evaluations},
                {"env_steps", env_steps},
                {"flops", flops}};
  }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(examples, gradient_steps, evaluations, env_steps, flops);
  }
};

}  // namespace innate
