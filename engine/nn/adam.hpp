#pragma once
// Adam (Kingma & Ba 2015), the one first-order optimizer state of the engine: the
// evolution strategy's mean, a genome fitted by gradient and a network trained on data
// all step through it. It descends; an ascent passes the negated gradient (negation is
// exact, so the moments and the step are the same numbers with the sign flipped).
//
// The step is PyTorch's (torch.optim.Adam): params -= lr / (1 - beta1^t) * m /
// (sqrt(v) / sqrt(1 - beta2^t) + epsilon), epsilon added to the bias-corrected root. (Kingma
// & Ba's "efficient" form folds the correction into the step size and so adds epsilon /
// sqrt(1 - beta2^t), 30x epsilon at the first step: weights with gradients near 1e-7
// then moved less than in PyTorch, found by the differential test of tests/reference/.)
// The coefficients are rounded once from double, as PyTorch does (float(1 - beta1), not
// 1 - float(beta1)), and an update touches only the entries it is given, so a caller may
// split a large vector into fixed blocks and update them in parallel.
//
// The square root is the exactly rounded one on every CPU: Eigen's vectorised float sqrt
// (under its default EIGEN_FAST_MATH) starts from the RSQRTPS estimate, whose bits differ
// between Intel and AMD processors, so the same portable binary trained different
// networks on the two. SQRTPS and std::sqrt are IEEE's correctly rounded square root
// everywhere, so ExactSqrt is vectorised with the former and falls back to the latter.
//
// The update runs with subnormal numbers taken as zero (DAZ and FTZ): a parameter whose
// gradient stays zero (a pixel that is never lit, a dead unit) has moments that decay
// geometrically into float's subnormal range, where x86 arithmetic is some hundred times
// slower: in long trainings the update took four times the rest of the epoch. A moment
// below 1.2e-38 moves its parameter by less than 1e-30 of the learning rate, under any
// parameter's last bit unless the parameter is itself below 1e-27.
//
// A float step on contiguous storage runs in one pass (adam_update_float): the same
// operations, so the same bits, as the three Eigen expressions other steps use.
#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "engine/formats/serialization.hpp"
#include "engine/nn/adam_step.hpp"

namespace innate {

struct AdamSettings {
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
};

struct ExactSqrt {
  float operator()(float x) const { return std::sqrt(x); }
#if defined(__SSE2__)
  __m128 packetOp(const __m128& x) const { return _mm_sqrt_ps(x); }
#endif
#if defined(__AVX__)
  __m256 packetOp(const __m256& x) const { return _mm256_sqrt_ps(x); }
#endif
#if defined(__AVX512F__)
  __m512 packetOp(const __m512& x) const { return _mm512_sqrt_ps(x); }
#endif
};

template <class Array>
auto exact_sqrt(const Array& x) {
  using Scalar = typename Array::Scalar;
  if constexpr (std::is_same_v<Scalar, float>)
    return x.unaryExpr(ExactSqrt{});
  else
    return x.sqrt();  // Eigen's double sqrt is SQRTPD, exact
}

}  // namespace innate

// Vectorised for float where SSE2 (and so SQRTPS for every float packet Eigen uses) is.
namespace Eigen::internal {
template <>
struct functor_traits<innate::ExactSqrt> {
#if defined(__SSE2__)
  enum {Cost = 4 * NumTraits<float>::MulCost, PacketAccess = 1};
#else
  enum { Cost = 4 * NumTraits<float>::MulCost, PacketAccess = 0 };
#endif
};
}  // namespace Eigen::internal

namespace innate {

// Subnormal inputs and results taken as zero on this thread while the guard lives.
class SubnormalsAsZero {
 public:
#if defined(__SSE2__)
  SubnormalsAsZero() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero); }
  ~SubnormalsAsZero() { _mm_setcsr(saved_); }

 private:
  static constexpr unsigned kFlushToZero = 1u << 15, kDenormalsAreZero = 1u << 6;
  unsigned saved_;
#endif
};

// The float step on n contiguous entries in one pass, on the process's kernel path
// (engine/nn/adam_kernel.inc): the same bits as the Eigen expressions of Adam::update.
void adam_update_float(const AdamCoefficients& k, std::ptrdiff_t n, float* params, const float* grad, float* m,
                       float* v);

// Whether T is float storage read with unit stride (a vector, a map, a segment).
template <class T>
constexpr bool contiguous_floats() {
  using X = std::remove_cvref_t<T>;
  if constexpr (!std::is_same_v<typename X::Scalar, float> || !(X::Flags & Eigen::DirectAccessBit))
    return false;
  else
    return X::InnerStrideAtCompileTime == 1;
}

template <class Scalar>
class Adam {
 public:
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

  explicit Adam(Eigen::Index size = 0, AdamSettings settings = {}) : settings_(settings) { resize(size); }

  void resize(Eigen::Index size) {
    m_.setZero(size);
    v_.setZero(size);
    steps_ = 0;
  }

  // Begins step t + 1 at `learning_rate`: fixes its bias corrections.
  void next_step(double learning_rate) {
    ++steps_;
    const double t = static_cast<double>(steps_);
    step_size_ = static_cast<Scalar>(learning_rate / (1 - std::pow(settings_.beta1, t)));
    root_correction_ = static_cast<Scalar>(std::sqrt(1 - std::pow(settings_.beta2, t)));
  }

  // The current step on entries [first, first + grad.size()): the moments see `grad`,
  // then params -= a m / (sqrt(v) / c + epsilon).
  template <class Params, class Grad>
  void update(Params&& params, const Grad& grad, Eigen::Index first = 0) {
    const auto b1 = static_cast<Scalar>(settings_.beta1), w1 = static_cast<Scalar>(1 - settings_.beta1);
    const auto b2 = static_cast<Scalar>(settings_.beta2), w2 = static_cast<Scalar>(1 - settings_.beta2);
    const auto eps = static_cast<Scalar>(settings_.epsilon);
    if constexpr (contiguous_floats<Params>() && contiguous_floats<Grad>()) {
      adam_update_float({b1, w1, b2, w2, eps, step_size_, root_correction_}, grad.size(), params.data(), grad.data(),
                        m_.data() + first, v_.data() + first);
    } else {
      const SubnormalsAsZero subnormals;
      auto m = m_.segment(first, grad.size());
      auto v = v_.segment(first, grad.size());
      m = b1 * m + w1 * grad;
      v = b2 * v + w2 * grad.cwiseAbs2();
      params.array() -= step_size_ * (m.array() / (exact_sqrt(v.array()) / root_correction_ + eps));
    }
  }

  // A whole step: next_step, then every entry.
  template <class Params, class Grad>
  void step(Params&& params, const Grad& grad, double learning_rate) {
    next_step(learning_rate);
    update(params, grad);
  }

  // Checkpointing: the step count and both moments.
  template <class Archive>
  void save(Archive& archive) const {
    archive(steps_, to_std(m_), to_std(v_));
  }
  template <class Archive>
  void load(Archive& archive, const char* who) {
    std::vector<Scalar> m, v;
    archive(steps_, m, v);
    from_std(m, m_, who);
    from_std(v, v_, who);
  }

 private:
  AdamSettings settings_;
  Vector m_, v_;
  std::uint64_t steps_ = 0;
  Scalar step_size_ = 0, root_correction_ = 1;
};

}  // namespace innate
