#include "genomes/gnet.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/enumerable_thread_specific.h>

#include "engine/base/error.hpp"
#include "engine/nn/fixed_blocks.hpp"
#include "engine/nn/lane_mlp.hpp"

namespace innate {
namespace {

MlpShape small_net(int inputs, const std::vector<int>& hidden, Activation activation) {
  MlpShape s;
  s.sizes.push_back(inputs);
  for (int h : hidden) {
    s.sizes.push_back(h);
    s.activations.push_back(activation);
  }
  s.sizes.push_back(1);
  s.activations.push_back(Activation::linear);
  return s;
}

MlpShape without_first_layer(const MlpShape& s) {
  MlpShape t;
  t.sizes.assign(s.sizes.begin() + 1, s.sizes.end());
  t.activations.assign(s.activations.begin() + 1, s.activations.end());
  return t;
}

}  // namespace

GNet::GNet(MlpShape network, const std::vector<int>& image_shape, std::vector<int> hidden, std::vector<int> bias_hidden,
           Activation activation, float start_scale)
    : NetworkEncoding(std::move(network)), start_scale_(start_scale), codes_(layer_codes(network_, image_shape)) {
  if (hidden.empty()) throw InputError("GNet(): genome.hidden needs at least one layer");
  if (!(start_scale > 0)) throw InputError("GNet(): genome.start_scale must be positive");
  const int layers = network_.layers();
  for (int k = 0; k < layers; ++k) {
    const int width = static_cast<int>(codes_[k + 1].rows() + codes_[k].rows());
    gnets_.push_back(small_net(width, hidden, activation));
    tails_.push_back(without_first_layer(gnets_.back()));
    gnet_offsets_.push_back(size_);
    size_ += gnets_.back().param_count();
  }
  for (int l = 1; l < layers; ++l) {  // hidden neuron layers
    bias_nets_.push_back(small_net(static_cast<int>(codes_[l].rows()), bias_hidden, activation));
    bias_offsets_.push_back(size_);
    size_ += bias_nets_.back().param_count();
  }
  output_bias_offset_ = size_;
  size_ += static_cast<std::size_t>(network_.sizes.back());
}

namespace {

// Rescales a small net's output layer so that what it generates has mean 0 and std
// `target`: o' = (o - mean) * target / std, i.e. w' = w * target / std and
// b' = (b - mean) * target / std.
void normalise_output(const MlpShape& net, float* params, const Matrix& outputs, float target) {
  const double mean = outputs.cast<double>().mean();
  const double sd = std::sqrt((outputs.cast<double>().array() - mean).square().mean());
  const float scale = sd > 0 ? static_cast<float>(target / sd) : 0.0f;
  const int last = net.layers() - 1;
  net.weight(params, last) *= scale;
  net.bias(params, last) = (net.bias(params, last).array() - static_cast<float>(mean)) * scale;
}

}  // namespace

void GNet::initialise(std::span<float> genome, Rng& rng) const {
  for (std::size_t k = 0; k < gnets_.size(); ++k) initialise_mlp(gnets_[k], genome.data() + gnet_offsets_[k], rng);
  for (std::size_t l = 0; l < bias_nets_.size(); ++l)
    initialise_mlp(bias_nets_[l], genome.data() + bias_offsets_[l], rng);
  std::fill(genome.begin() + static_cast<std::ptrdiff_t>(output_bias_offset_), genome.end(), 0.0f);
  // PyTorch's default init of the g-nets generates weights far too large and all of one
  // sign (a dead or saturated network). Rescale each g-net's output so the decoded
  // weights start at the Kaiming scale (times start_scale), zero-mean, and the bias nets
  // near zero.
  Eigen::VectorXf params(static_cast<Eigen::Index>(network_.param_count()));
  Rng unused = rng;
  decode(genome, {params.data(), static_cast<std::size_t>(params.size())}, unused);
  for (int k = 0; k < network_.layers(); ++k) {
    const auto K = static_cast<std::size_t>(k);
    const float kaiming = start_scale_ * std::sqrt(2.0f / static_cast<float>(network_.sizes[K]));
    normalise_output(gnets_[K], genome.data() + gnet_offsets_[K], network_.weight(params.data(), k), kaiming);
  }
  for (std::size_t l = 0; l < bias_nets_.size(); ++l)
    normalise_output(bias_nets_[l], genome.data() + bias_offsets_[l],
                     network_.bias(params.data(), static_cast<int>(l)).transpose(), 0.01f);
}

namespace {

// First-layer projections of one weight layer: post units' part (with the bias) and
// pre units' part, each (h0 x units).
struct Projections {
  Matrix post, pre;
};

Projections project(const MlpShape& g, const float* params, const Matrix& post_codes, const Matrix& pre_codes) {
  const auto w1 = g.weight(params, 0);
  Projections p;
  p.post.noalias() = w1.leftCols(post_codes.rows()) * post_codes;
  p.post.colwise() += g.bias(params, 0);
  p.pre.noalias() = w1.rightCols(pre_codes.rows()) * pre_codes;
  return p;
}

// Pre units go through the tail kLanes at a time, one lane each: chunk c of a lane
// layout holds pre units c * kLanes ... (zero past the last) in columns c * h0 ... of a
// (kLanes x h0 * chunks) block, so chunk c is one LaneBlock of h0 units.
Eigen::Index chunk_count(Eigen::Index units) { return (units + kLanes - 1) / kLanes; }

LaneBlock to_lanes(const Matrix& per_unit) {
  const Eigen::Index h0 = per_unit.rows();
  LaneBlock lanes = LaneBlock::Zero(kLanes, h0 * chunk_count(per_unit.cols()));
  for (Eigen::Index j = 0; j < per_unit.cols(); ++j)
    lanes.block(j % kLanes, j / kLanes * h0, 1, h0) = per_unit.col(j).transpose();
  return lanes;
}

Matrix from_lanes(const LaneBlock& lanes, Eigen::Index h0, Eigen::Index units) {
  Matrix per_unit(h0, units);
  for (Eigen::Index j = 0; j < units; ++j)
    per_unit.col(j) = lanes.block(j % kLanes, j / kLanes * h0, 1, h0).transpose();
  return per_unit;
}

}  // namespace

void GNet::decode(GenomeView genome, std::span<float> params, Rng&) const {
  // Pre units are independent: fixed blocks of them run in parallel, each column computed
  // the same way on any thread, so the bytes do not depend on the thread count. The lanes
  // run over post units, so a lane block is a stretch of one of W's (column-major)
  // columns; pre + post is added as post + pre, the same bits.
  tbb::enumerable_thread_specific<LaneWorkspace> scratch;
  const Eigen::Index block = 16;
  for (int k = 0; k < network_.layers(); ++k) {
    const auto K = static_cast<std::size_t>(k);
    const MlpShape& g = gnets_[K];
    const float* gp = genome.data() + gnet_offsets_[K];
    const Projections p = project(g, gp, codes_[K + 1], codes_[K]);
    const LaneBlock post = to_lanes(p.post);
    const Eigen::Index post_units = p.post.cols(), chunks = chunk_count(post_units);
    const float* tail = gp + g.weight_offset(1);
    auto w = network_.weight(params.data(), k);
    for_fixed_blocks(w.cols(), block, [&](Eigen::Index, Eigen::Index first, Eigen::Index count) {
      LaneWorkspace& ws = scratch.local();
      for (Eigen::Index j = first; j < first + count; ++j) {  // column j: all post units, chunk by chunk
        // The first layer is the shift of the post units' projections by the pre unit's.
        const LaneBlock& out =
            lane_forward_shifted(tails_[K], tail, post.data(), p.pre.col(j).data(), g.activations[0], chunks, ws);
        w.col(j) = Eigen::Map<const Eigen::VectorXf>(out.data(), post_units);
      }
    });
  }
  MlpWorkspace ws;
  for (std::size_t l = 0; l < bias_nets_.size(); ++l)
    network_.bias(params.data(), static_cast<int>(l)) =
        mlp_forward(bias_nets_[l], genome.data() + bias_offsets_[l], codes_[l + 1], ws).transpose();
  network_.bias(params.data(), network_.layers() - 1) =
      Eigen::Map<const Eigen::VectorXf>(genome.data() + output_bias_offset_, network_.sizes.back());
}

struct GNetScratch {
  LaneWorkspace ws;
  LaneBlock grad_out, post_sum, tail_lanes;
};

void GNet::backward(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome, Rng&) const {
  tbb::enumerable_thread_specific<GNetScratch> scratch;
  for (int k = 0; k < network_.layers(); ++k) backward_layer(k, genome, grad_params, grad_genome, scratch);
  backward_biases(genome, grad_params, grad_genome);
}

// Fixed blocks of post units run in parallel; each block sums its own share of the
// gradients, and the blocks' shares are added in block order, so the bytes do not
// depend on the thread count.
void GNet::backward_layer(int k, GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome,
                          tbb::enumerable_thread_specific<GNetScratch>& scratch) const {
  const Eigen::Index block = 32;
  const auto K = static_cast<std::size_t>(k);
  const MlpShape& g = gnets_[K];
  const float* gp = genome.data() + gnet_offsets_[K];
  float* gg = grad_genome.data() + gnet_offsets_[K];
  const Matrix &post_codes = codes_[K + 1], &pre_codes = codes_[K];
  const Projections p = project(g, gp, post_codes, pre_codes);
  const LaneBlock pre = to_lanes(p.pre);
  const Eigen::Index h0 = p.pre.rows(), pre_units = p.pre.cols(), chunks = chunk_count(pre_units);
  const float* tail = gp + g.weight_offset(1);
  const auto tail_params = static_cast<Eigen::Index>(tails_[K].param_count());
  const auto grad_w = network_.weight(grad_params.data(), k);
  const Eigen::Index blocks = fixed_block_count(grad_w.rows(), block);
  // dLoss/dz1 summed over pre units (per post unit) and over post units (per pre unit,
  // per block, in the lane layout); the tail's gradient per block, one column each.
  Matrix per_post(h0, p.post.cols());
  std::vector<LaneBlock> per_pre(static_cast<std::size_t>(blocks));
  Matrix tail_grads = Matrix::Zero(tail_params, blocks);
  for_fixed_blocks(grad_w.rows(), block, [&](Eigen::Index b, Eigen::Index first, Eigen::Index count) {
    GNetScratch& s = scratch.local();
    LaneBlock& pre_share = per_pre[static_cast<std::size_t>(b)];
    pre_share.setZero(kLanes, pre.cols());
    s.tail_lanes.setZero(kLanes, tail_params);
    for (Eigen::Index i = first; i < first + count; ++i) {
      // The first layer is the shift of the pre units' projections by the post unit's.
      const float* shift = p.post.col(i).data();
      lane_forward_shifted(tails_[K], tail, pre.data(), shift, g.activations[0], chunks, s.ws);
      s.grad_out.resize(kLanes, chunks);
      Eigen::Map<Eigen::VectorXf> grad_out(s.grad_out.data(), s.grad_out.size());
      grad_out.head(pre_units) = grad_w.row(i).transpose();
      grad_out.tail(grad_out.size() - pre_units).setZero();  // lanes past the last pre unit add nothing
      lane_backward_shifted(tails_[K], tail, pre.data(), shift, g.activations[0], chunks, s.ws, s.grad_out,
                            s.tail_lanes, pre_share, s.post_sum);
      per_post.col(i).setZero();
      add_lane_sums(s.post_sum, per_post.col(i).data());
    }
    add_lane_sums(s.tail_lanes, tail_grads.col(b).data());
  });
  Eigen::Map<Eigen::VectorXf> grad_tail(gg + g.weight_offset(1), tail_params);
  for (Eigen::Index b = 0; b < blocks; ++b) grad_tail += tail_grads.col(b);
  for (std::size_t b = 1; b < per_pre.size(); ++b) per_pre[0] += per_pre[b];
  auto grad_w1 = g.weight(gg, 0);
  grad_w1.leftCols(post_codes.rows()).noalias() += per_post * post_codes.transpose();
  grad_w1.rightCols(pre_codes.rows()).noalias() += from_lanes(per_pre[0], h0, pre_units) * pre_codes.transpose();
  g.bias(gg, 0) += per_post.rowwise().sum();
}

void GNet::backward_biases(GenomeView genome, std::span<const float> grad_params, std::span<float> grad_genome) const {
  MlpWorkspace ws;
  Matrix grad_row;
  for (std::size_t l = 0; l < bias_nets_.size(); ++l) {
    const float* bp = genome.data() + bias_offsets_[l];
    mlp_forward(bias_nets_[l], bp, codes_[l + 1], ws);
    grad_row = network_.bias(grad_params.data(), static_cast<int>(l)).transpose();
    mlp_backward(bias_nets_[l], bp, codes_[l + 1], ws, grad_row, grad_genome.data() + bias_offsets_[l]);
  }
  Eigen::Map<Eigen::VectorXf>(grad_genome.data() + output_bias_offset_, network_.sizes.back()) +=
      network_.bias(grad_params.data(), network_.layers() - 1);
}

std::pair<int, bool> GNet::layer_of(std::size_t index) const {
  int layer = network_.layers() - 1;
  while (layer > 0 && index < network_.weight_offset(layer)) --layer;
  return {layer, index < network_.bias_offset(layer)};
}

std::vector<Encoding::Part> GNet::genome_parts() const {
  std::vector<Part> parts;
  const auto add = [&](std::size_t first, std::size_t count) { parts.push_back({first, count}); };
  for (std::size_t k = 0; k < gnets_.size(); ++k) add(gnet_offsets_[k], gnets_[k].param_count());
  for (std::size_t l = 0; l < bias_nets_.size(); ++l) add(bias_offsets_[l], bias_nets_[l].param_count());
  add(output_bias_offset_, size_ - output_bias_offset_);
  return parts;
}

std::vector<Encoding::Part> GNet::genome_tensors() const {
  std::vector<Part> tensors;
  const auto add_mlp = [&](const MlpShape& shape, std::size_t offset) {
    for (int l = 0; l < shape.layers(); ++l) {
      tensors.push_back({offset + shape.weight_offset(l), shape.bias_offset(l) - shape.weight_offset(l)});
      tensors.push_back({offset + shape.bias_offset(l), static_cast<std::size_t>(shape.sizes[std::size_t(l) + 1])});
    }
  };
  for (std::size_t k = 0; k < gnets_.size(); ++k) add_mlp(gnets_[k], gnet_offsets_[k]);
  for (std::size_t l = 0; l < bias_nets_.size(); ++l) add_mlp(bias_nets_[l], bias_offsets_[l]);
  tensors.push_back({output_bias_offset_, size_ - output_bias_offset_});
  return tensors;
}

std::size_t GNet::part_of(std::size_t index) const {
  const auto [layer, weight] = layer_of(index);
  return static_cast<std::size_t>(weight ? layer : network_.layers() + layer);  // bias nets, then the stored biases
}

template <class Visit>
void GNet::for_entry_groups(std::span<const std::size_t> indices, Visit&& visit) const {
  const int layers = network_.layers();
  std::vector<std::vector<std::size_t>> pairs(static_cast<std::size_t>(layers)),
      units(static_cast<std::size_t>(layers));
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const auto [layer, weight] = layer_of(indices[k]);
    (weight ? pairs : units)[static_cast<std::size_t>(layer)].push_back(k);
  }
  Matrix inputs;
  for (int l = 0; l < layers; ++l) {
    const auto L = static_cast<std::size_t>(l);
    const Matrix &post = codes_[L + 1], &pre = codes_[L];
    if (!pairs[L].empty()) {  // weight (i, j) at column-major offset j * rows + i
      inputs.resize(post.rows() + pre.rows(), static_cast<Eigen::Index>(pairs[L].size()));
      for (std::size_t c = 0; c < pairs[L].size(); ++c) {
        const std::size_t at = indices[pairs[L][c]] - network_.weight_offset(l);
        const auto i = static_cast<Eigen::Index>(at % static_cast<std::size_t>(post.cols()));
        const auto j = static_cast<Eigen::Index>(at / static_cast<std::size_t>(post.cols()));
        inputs.col(static_cast<Eigen::Index>(c)) << post.col(i), pre.col(j);
      }
      visit(&gnets_[L], gnet_offsets_[L], inputs, pairs[L]);
    }
    if (!units[L].empty()) {
      const bool hidden = l + 1 < layers;
      if (hidden) inputs.resize(post.rows(), static_cast<Eigen::Index>(units[L].size()));
      for (std::size_t c = 0; c < units[L].size() && hidden; ++c)
        inputs.col(static_cast<Eigen::Index>(c)) =
            post.col(static_cast<Eigen::Index>(indices[units[L][c]] - network_.bias_offset(l)));
      if (hidden)
        visit(&bias_nets_[L], bias_offsets_[L], inputs, units[L]);
      else
        visit(nullptr, output_bias_offset_, inputs, units[L]);  // stored directly
    }
  }
}

void GNet::decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                          Rng&) const {
  MlpWorkspace ws;
  for_entry_groups(indices, [&](const MlpShape* net, std::size_t offset, const Matrix& inputs, const auto& positions) {
    if (!net) {
      for (std::size_t p : positions)
        values[p] = genome[offset + indices[p] - network_.bias_offset(network_.layers() - 1)];
      return;
    }
    const Matrix& out = mlp_forward(*net, genome.data() + offset, inputs, ws);
    for (std::size_t c = 0; c < positions.size(); ++c) values[positions[c]] = out(0, static_cast<Eigen::Index>(c));
  });
}

void GNet::backward_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<const float> grads,
                            std::span<float> grad_genome, Rng&) const {
  MlpWorkspace ws;
  Matrix grad_out;
  for_entry_groups(indices, [&](const MlpShape* net, std::size_t offset, const Matrix& inputs, const auto& positions) {
    if (!net) {
      for (std::size_t p : positions)
        grad_genome[offset + indices[p] - network_.bias_offset(network_.layers() - 1)] += grads[p];
      return;
    }
    mlp_forward(*net, genome.data() + offset, inputs, ws);
    grad_out.resize(1, static_cast<Eigen::Index>(positions.size()));
    for (std::size_t c = 0; c < positions.size(); ++c) grad_out(0, static_cast<Eigen::Index>(c)) = grads[positions[c]];
    mlp_backward(*net, genome.data() + offset, inputs, ws, grad_out, grad_genome.data() + offset);
  });
}

EncodingEntry GNet::entry() {
  return {{"gnet",
           "g-network (Shuvaev et al. 2024): weights from a small MLP over the identity codes of each pre/post pair",
           {
               {"hidden", "[30, 10]", "hidden layers of each g-net ([10,5] = GN5, [20,10] = GN20, [30,10] = GN30)"},
               {"bias_hidden", "[5]", "hidden layers of the bias net of each hidden layer"},
               {"activation", "\"relu\"", "activation of the g-nets' hidden layers"},
               {"start_scale", "1.0",
                "the initial decoded weights' std as a multiple of Kaiming's (end-to-end fitting starts smaller)"},
           }},
          [](const Section& cfg, const EncodingContext& context) -> std::unique_ptr<Encoding> {
            auto to_int = [](const std::vector<std::int64_t>& v) { return std::vector<int>(v.begin(), v.end()); };
            const auto hidden = to_int(cfg.integers("hidden", 1, 100'000));
            if (hidden.empty()) cfg.fail("hidden", "at least one hidden layer");
            return std::make_unique<GNet>(require_network(context, "gnet"), context.input_grid, hidden,
                                          to_int(cfg.integers("bias_hidden", 1, 100'000)),
                                          parse_activation(cfg.choice("activation", activation_names())),
                                          static_cast<float>(cfg.real("start_scale", 1e-6, 1e6)));
          }};
}

}  // namespace innate
