#include "engine/nn/lane_mlp.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#include <immintrin.h>
#endif

namespace innate {
namespace {

// One vector of lanes and the operations the kernels need. Every width computes a
// lane as fma(w, x, acc), one rounding per term, so all three give the same bits.
#if defined(__AVX512F__)
using Vec = __m512;
constexpr int kWidth = 16;
inline Vec load(const float* p) { return _mm512_loadu_ps(p); }
inline void store(float* p, Vec v) { _mm512_storeu_ps(p, v); }
inline Vec broadcast(float s) { return _mm512_set1_ps(s); }
inline Vec fma(Vec w, Vec x, Vec acc) { return _mm512_fmadd_ps(w, x, acc); }
inline Vec max0(Vec v) { return _mm512_max_ps(v, _mm512_setzero_ps()); }
inline Vec add(Vec a, Vec b) { return _mm512_add_ps(a, b); }
constexpr int kRegisters = 32;
#elif defined(__AVX2__) && defined(__FMA__)
using Vec = __m256;
constexpr int kWidth = 8;
inline Vec load(const float* p) { return _mm256_loadu_ps(p); }
inline void store(float* p, Vec v) { _mm256_storeu_ps(p, v); }
inline Vec broadcast(float s) { return _mm256_set1_ps(s); }
inline Vec fma(Vec w, Vec x, Vec acc) { return _mm256_fmadd_ps(w, x, acc); }
inline Vec max0(Vec v) { return _mm256_max_ps(v, _mm256_setzero_ps()); }
inline Vec add(Vec a, Vec b) { return _mm256_add_ps(a, b); }
constexpr int kRegisters = 16;
#else
using Vec = float;
constexpr int kWidth = 1;
inline Vec load(const float* p) { return *p; }
inline void store(float* p, Vec v) { *p = v; }
inline Vec broadcast(float s) { return s; }
inline Vec fma(Vec w, Vec x, Vec acc) { return std::fma(w, x, acc); }
inline Vec max0(Vec v) { return v > 0.0f ? v : 0.0f; }
inline Vec add(Vec a, Vec b) { return a + b; }
constexpr int kRegisters = 64;
#endif
constexpr int kVecs = static_cast<int>(kLanes) / kWidth;
static_assert(kVecs * kWidth == kLanes);
// Output units per pass of the product kernel: their accumulators, one input and one
// weight in registers.
constexpr int kMaxUnits = std::clamp((kRegisters - 1 - kVecs) / kVecs, 1, 12);
// Output units x inputs per pass of the outer-product kernel (accumulators, the outputs'
// deltas and one input in registers).
constexpr int kOuterOutputs = kWidth == 16 ? 4 : kWidth == 8 ? 2 : 1;
constexpr int kOuterInputs = kOuterOutputs;

// A matrix of scalars W(o, i) at w[o * out_stride + i * in_stride]: a layer's weights
// (column-major, outputs x inputs) are {w, 1, outputs}, their transpose {w, outputs, 1}.
struct Weights {
  const float* w;
  Eigen::Index out_stride, in_stride;
  float operator()(Eigen::Index o, Eigen::Index i) const { return w[o * out_stride + i * in_stride]; }
};

// Calls run(std::integral_constant<int, R>, first) over blocks of at most Max of [0, n),
// as even as they come (10 with Max 6: 5 + 5 rather than 6 + 4).
template <int Max, class Run>
void for_blocks(Eigen::Index n, Run&& run) {
  const Eigen::Index blocks = (n + Max - 1) / Max;
  Eigen::Index first = 0;
  for (Eigen::Index b = 0; b < blocks; ++b) {
    const Eigen::Index r = (n - first + (blocks - b) - 1) / (blocks - b);
    [&]<int... Rs>(std::integer_sequence<int, Rs...>) {
      ((r == Rs + 1 ? run(std::integral_constant<int, Rs + 1>{}, first) : void()), ...);
    }
    (std::make_integer_sequence<int, Max>{});
    first += r;
  }
}

// For every chunk: z(:, o) = bias(o) + sum_i W(o, i) in(:, i) for the R units o0 ..
// o0+R-1, i ascending, and a = relu(z) when `relu`. R units at once reuse each loaded
// input R times, which keeps the FMA units busy.
template <int R>
void units(Weights w, const float* bias, Eigen::Index o0, Eigen::Index outputs, Eigen::Index inputs,
           Eigen::Index chunks, const float* in, float* z, float* a, bool relu) {
  Vec start[R];
  for (int q = 0; q < R; ++q) start[q] = broadcast(bias ? bias[o0 + q] : 0.0f);
  for (Eigen::Index c = 0; c < chunks; ++c) {
    const float* x = in + c * inputs * kLanes;
    Vec acc[R][kVecs];
    for (int q = 0; q < R; ++q)
      for (int v = 0; v < kVecs; ++v) acc[q][v] = start[q];
    for (Eigen::Index i = 0; i < inputs; ++i) {
      Vec xi[kVecs];
      for (int v = 0; v < kVecs; ++v) xi[v] = load(x + i * kLanes + v * kWidth);
      for (int q = 0; q < R; ++q) {
        const Vec wq = broadcast(w(o0 + q, i));
        for (int v = 0; v < kVecs; ++v) acc[q][v] = fma(wq, xi[v], acc[q][v]);
      }
    }
    for (int q = 0; q < R; ++q)
      for (int v = 0; v < kVecs; ++v) {
        const Eigen::Index at = (c * outputs + o0 + q) * kLanes + v * kWidth;
        store(z + at, acc[q][v]);
        if (a) store(a + at, relu ? max0(acc[q][v]) : acc[q][v]);
      }
  }
}

// z = W in + bias (bias may be null), a = act(z) for relu or linear (a may be null).
void product(Weights w, const float* bias, Eigen::Index outputs, Eigen::Index inputs, Eigen::Index chunks,
             const float* in, float* z, float* a = nullptr, bool relu = false) {
  for_blocks<kMaxUnits>(outputs, [&](auto r, Eigen::Index o) {
    units<decltype(r)::value>(w, bias, o, outputs, inputs, chunks, in, z, a, relu);
  });
}

// grad(:, i * outputs + o) += delta(:, o) * in(:, i) over all chunks, chunk by chunk, for
// the R x I units o0.., i0..: the lanes' own shares of dLoss/dW (W column-major, outputs x
// inputs), kept in registers across the chunks.
template <int R, int I>
void outer(const float* delta, Eigen::Index o0, Eigen::Index outputs, const float* in, Eigen::Index i0,
           Eigen::Index inputs, Eigen::Index chunks, float* grad) {
  Vec acc[R][I][kVecs];
  const auto at = [&](int q, int p, int v) { return grad + ((i0 + p) * outputs + o0 + q) * kLanes + v * kWidth; };
  for (int q = 0; q < R; ++q)
    for (int p = 0; p < I; ++p)
      for (int v = 0; v < kVecs; ++v) acc[q][p][v] = load(at(q, p, v));
  for (Eigen::Index c = 0; c < chunks; ++c) {
    Vec d[R][kVecs];
    for (int q = 0; q < R; ++q)
      for (int v = 0; v < kVecs; ++v) d[q][v] = load(delta + (c * outputs + o0 + q) * kLanes + v * kWidth);
    for (int p = 0; p < I; ++p)
      for (int v = 0; v < kVecs; ++v) {
        const Vec x = load(in + (c * inputs + i0 + p) * kLanes + v * kWidth);
        for (int q = 0; q < R; ++q) acc[q][p][v] = fma(d[q][v], x, acc[q][p][v]);
      }
  }
  for (int q = 0; q < R; ++q)
    for (int p = 0; p < I; ++p)
      for (int v = 0; v < kVecs; ++v) store(at(q, p, v), acc[q][p][v]);
}

void add_outer(const float* delta, Eigen::Index outputs, const float* in, Eigen::Index inputs, Eigen::Index chunks,
               float* grad) {
  for_blocks<kOuterOutputs>(outputs, [&](auto r, Eigen::Index o) {
    for_blocks<kOuterInputs>(inputs, [&](auto p, Eigen::Index i) {
      outer<decltype(r)::value, decltype(p)::value>(delta, o, outputs, in, i, inputs, chunks, grad);
    });
  });
}

// grad(:, o) += delta(:, o) over all chunks, chunk by chunk.
void add_chunks(const float* delta, Eigen::Index outputs, Eigen::Index chunks, float* grad) {
  for (Eigen::Index o = 0; o < outputs; ++o)
    for (int v = 0; v < kVecs; ++v) {
      Vec acc = load(grad + o * kLanes + v * kWidth);
      for (Eigen::Index c = 0; c < chunks; ++c) acc = add(acc, load(delta + (c * outputs + o) * kLanes + v * kWidth));
      store(grad + o * kLanes + v * kWidth, acc);
    }
}

}  // namespace

void lane_shift(const float* x, const float* shift, Eigen::Index units, Eigen::Index chunks, Activation act,
                LaneBlock* z, LaneBlock& a) {
  if (z) z->resize(kLanes, units * chunks);
  a.resize(kLanes, units * chunks);
  const bool relu = act == Activation::relu;
  for (Eigen::Index c = 0; c < chunks; ++c)
    for (Eigen::Index u = 0; u < units; ++u) {
      const Vec s = broadcast(shift[u]);
      for (int v = 0; v < kVecs; ++v) {
        const Eigen::Index at = (c * units + u) * kLanes + v * kWidth;
        const Vec sum = add(load(x + at), s);
        if (z) store(z->data() + at, sum);
        store(a.data() + at, relu ? max0(sum) : sum);
      }
    }
  if (!relu && act != Activation::linear) apply_activation(act, a);
}

const LaneBlock& lane_forward(const MlpShape& shape, const float* params, const LaneBlock& x, Eigen::Index chunks,
                              LaneWorkspace& ws) {
  const int layers = shape.layers();
  ws.z.resize(static_cast<std::size_t>(layers));
  ws.a.resize(static_cast<std::size_t>(layers));
  for (int k = 0; k < layers; ++k) {
    const auto K = static_cast<std::size_t>(k);
    const Eigen::Index outputs = shape.sizes[K + 1], inputs = shape.sizes[K];
    const LaneBlock& in = k == 0 ? x : ws.a[K - 1];
    ws.z[K].resize(kLanes, outputs * chunks);
    ws.a[K].resize(kLanes, outputs * chunks);
    const Activation act = shape.activations[K];
    const bool fused = act == Activation::relu || act == Activation::linear;
    product({params + shape.weight_offset(k), 1, outputs}, params + shape.bias_offset(k), outputs, inputs, chunks,
            in.data(), ws.z[K].data(), fused ? ws.a[K].data() : nullptr, act == Activation::relu);
    if (!fused) {
      ws.a[K] = ws.z[K];
      apply_activation(act, ws.a[K]);
    }
  }
  return ws.a.back();
}

void lane_backward(const MlpShape& shape, const float* params, const LaneBlock& x, Eigen::Index chunks,
                   LaneWorkspace& ws, const LaneBlock& grad_output, LaneBlock& grad_lanes, LaneBlock* grad_input) {
  const int layers = shape.layers();
  ws.delta.resize(static_cast<std::size_t>(layers));
  for (int k = layers - 1; k >= 0; --k) {
    const auto K = static_cast<std::size_t>(k);
    const Eigen::Index outputs = shape.sizes[K + 1], inputs = shape.sizes[K];
    LaneBlock& d = ws.delta[K];
    if (k == layers - 1) {
      d = grad_output;
    } else {  // dLoss/da = W_{k+1}^T delta_{k+1}
      const Eigen::Index next = shape.sizes[K + 2];
      d.resize(kLanes, outputs * chunks);
      product({params + shape.weight_offset(k + 1), next, 1}, nullptr, outputs, next, chunks, ws.delta[K + 1].data(),
              d.data());
    }
    multiply_by_derivative(shape.activations[K], ws.z[K], ws.a[K], d);
    const LaneBlock& in = k == 0 ? x : ws.a[K - 1];
    add_outer(d.data(), outputs, in.data(), inputs, chunks,
              grad_lanes.col(static_cast<Eigen::Index>(shape.weight_offset(k))).data());
    add_chunks(d.data(), outputs, chunks, grad_lanes.col(static_cast<Eigen::Index>(shape.bias_offset(k))).data());
  }
  if (grad_input) {
    grad_input->resize(kLanes, shape.sizes[0] * chunks);
    product({params + shape.weight_offset(0), shape.sizes[1], 1}, nullptr, shape.sizes[0], shape.sizes[1], chunks,
            ws.delta[0].data(), grad_input->data());
  }
}

void add_lane_sums(const LaneBlock& lanes, float* out) {
  for (Eigen::Index c = 0; c < lanes.cols(); ++c) {
    float sum = 0.0f;
    for (Eigen::Index l = 0; l < kLanes; ++l) sum += lanes(l, c);
    out[c] += sum;
  }
}

}  // namespace innate
