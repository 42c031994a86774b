// Runs innate's Algorithm 1 (optimizer.kind = "intermittent", engine/optimizers/
// genome_fitting.hpp) for a few iterations on a small synthetic image set and writes what
// an independent transcription needs to replay it and what it must reproduce: the data,
// the settings, the initial genome and network, and for every iteration the training
// examples in order, the sampled weight entries and the genome that followed.
//
// Usage: algorithm1_trace OUT_DIR [--genome-adam per_part|shared] [--iterations N]
// OUT_DIR gets manifest.json and raw little-endian arrays (*.f32, *.u64) it names.
#include <fmt/format.h>

#include <boost/random/uniform_real_distribution.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "engine/optimizers/genome_fitting.hpp"
#include "genomes/gnet.hpp"
#include "tasks/images/images.hpp"

namespace fs = std::filesystem;
using namespace innate;

namespace {

struct TraceSettings {
  fs::path out;
  std::vector<int> layers{144, 64, 10};  // 12 x 12 images
  int side = 12, examples = 400, iterations = 3;
  FitSettings fit;
};

template <class T>
void write_array(const fs::path& path, const T* data, std::size_t count) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(count * sizeof(T)));
  if (!f) throw std::runtime_error("algorithm1_trace: cannot write " + path.string());
}

// Uniform pixels, labelled by a fixed random linear teacher: learnable, needs no files.
Dataset synthetic_images(const TraceSettings& s, Rng& rng) {
  const int pixels = s.side * s.side, classes = s.layers.back();
  boost::random::uniform_real_distribution<float> u(0.0f, 1.0f), w(-1.0f, 1.0f);
  Dataset d;
  d.height = d.width = s.side;
  d.classes = classes;
  d.images.resize(pixels, s.examples);
  for (Eigen::Index i = 0; i < d.images.size(); ++i) d.images.data()[i] = u(rng);
  Matrix teacher(classes, pixels);
  for (Eigen::Index i = 0; i < teacher.size(); ++i) teacher.data()[i] = w(rng);
  const Matrix scores = teacher * (d.images.array() - 0.5f).matrix();
  for (Eigen::Index j = 0; j < s.examples; ++j) {
    Eigen::Index best = 0;
    scores.col(j).maxCoeff(&best);
    d.labels.push_back(static_cast<int>(best));
  }
  return d;
}

std::vector<std::uint64_t> as_u64(const std::vector<std::size_t>& v) { return {v.begin(), v.end()}; }

void write_trace(const TraceSettings& s) {
  fs::create_directories(s.out);
  Rng data_rng = stream({7, 0, 0, Purpose::initialise});
  Split split;
  split.train = synthetic_images(s, data_rng);
  MlpShape network;
  network.sizes = s.layers;
  network.activations.assign(s.layers.size() - 1, Activation::relu);
  network.activations.back() = Activation::linear;
  ImageSettings images;
  images.training.batch = 20;
  const ImagesTask task(network, split, images);
  const GNet gnet(network, {s.side, s.side}, {30, 10}, {5}, Activation::relu);
  OptimizerContext context{gnet, 1, 1, static_cast<std::uint64_t>(s.iterations), &task, network};
  Intermittent fit(s.fit, context);

  const Dataset& train = split.train;
  write_array(s.out / "train_x.f32", train.images.data(), static_cast<std::size_t>(train.images.size()));
  const std::vector<std::uint64_t> labels(train.labels.begin(), train.labels.end());
  write_array(s.out / "train_y.u64", labels.data(), labels.size());
  const auto net0 = fit.network();
  write_array(s.out / "network_0.f32", net0.data(), net0.size());
  for (int t = 0; t <= s.iterations; ++t) {
    const auto genome = fit.ask(static_cast<std::uint64_t>(t)).row(0);
    const Eigen::VectorXf g = genome.transpose();
    write_array(s.out / fmt::format("genome_{}.f32", t), g.data(), static_cast<std::size_t>(g.size()));
    if (t == s.iterations) break;
    const auto it = static_cast<std::uint64_t>(t + 1);
    const auto examples = as_u64(fit.training_examples(it));
    write_array(s.out / fmt::format("examples_{}.u64", t + 1), examples.data(), examples.size());
    const auto samples = fit.weight_samples(it);
    for (std::size_t k = 0; k < samples.size(); ++k) {
      const auto entries = as_u64(samples[k]);
      write_array(s.out / fmt::format("samples_{}_{}.u64", t + 1, k), entries.data(), entries.size());
    }
    Eigen::VectorXf trained = Eigen::Map<const Eigen::VectorXf>(fit.network().data(), std::ssize(fit.network()));
    Rng order = fit.data_order(it);
    task.train({trained.data(), std::size_t(trained.size())}, s.fit.network_learning_rate,
               static_cast<std::size_t>(s.fit.batches), order);
    write_array(s.out / fmt::format("trained_{}.f32", t + 1), trained.data(), std::size_t(trained.size()));
    fit.tell({});
    write_array(s.out / fmt::format("network_{}.f32", t + 1), fit.network().data(), fit.network().size());
  }
  nlohmann::json manifest = {{"layers", s.layers},
                             {"image_shape", {s.side, s.side}},
                             {"examples", s.examples},
                             {"classes", s.layers.back()},
                             {"gnet_hidden", {30, 10}},
                             {"bias_hidden", {5}},
                             {"iterations", s.iterations},
                             {"batch", images.training.batch},
                             {"batches", s.fit.batches},
                             {"samples", s.fit.samples},
                             {"bias_passes", s.fit.bias_passes},
                             {"fit_batch", s.fit.fit_batch},
                             {"fit_learning_rate", s.fit.fit_learning_rate},
                             {"network_learning_rate", s.fit.network_learning_rate},
                             {"genome_adam", s.fit.adam_per_part ? "per_part" : "shared"},
                             {"genome_size", gnet.genome_size()},
                             {"network_params", network.param_count()}};
  std::ofstream(s.out / "manifest.json") << manifest.dump(2) << "\n";
}

TraceSettings parse(int argc, char** argv) {
  if (argc < 2) throw std::invalid_argument("usage: algorithm1_trace OUT_DIR [--genome-adam per_part|shared]");
  TraceSettings s;
  s.out = argv[1];
  s.fit.batches = 10;
  s.fit.samples = {3000, 300};
  s.fit.fit_batch = 500;
  s.fit.fit_learning_rate = 1e-3;
  s.fit.network_learning_rate = 1e-3;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--genome-adam")
      s.fit.adam_per_part = value == "per_part";
    else if (key == "--iterations")
      s.iterations = std::stoi(value);
    else
      throw std::invalid_argument("algorithm1_trace: unknown option " + key);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    write_trace(parse(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  return 0;
}
