#pragma once
// The four kinds of component a scenario binds together, and the catalog of their
// constructors by name. The engine sees only these interfaces; concrete encodings live
// in genomes/, tasks in scenarios/, and each is added by one file and one catalog line.
#include <Eigen/Core>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/config.hpp"
#include "engine/mlp.hpp"
#include "engine/rng.hpp"

namespace cereal {
class PortableBinaryOutputArchive;
class PortableBinaryInputArchive;
}  // namespace cereal

namespace innate {

using GenomeView = std::span<const float>;
// A population: one genome per row, contiguous, so individual i is a span of row i.
using Population = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Per-individual task metrics, one row per individual.
using MetricsTable = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

inline GenomeView row_view(const Population& p, Eigen::Index i) {
  return {p.data() + i * p.cols(), static_cast<std::size_t>(p.cols())};
}

// What values a gene takes: real numbers (values == 0) or the integers 0..values-1.
struct GeneDomain {
  int values = 0;
  bool discrete() const { return values > 0; }
};

// Genome parameters -> phenotype. Knows its size in parameters and bits and how to draw
// an initial genome; concrete encodings add their own decode for the tasks that use them.
class Encoding {
 public:
  virtual ~Encoding() = default;
  virtual std::string name() const = 0;
  virtual std::size_t genome_size() const = 0;
  virtual double genome_bits() const = 0;
  virtual GeneDomain domain() const = 0;
  virtual void initialise(std::span<float> genome, Rng& rng) const = 0;
  // Weights of the decoded network, for encodings that decode to one.
  virtual std::optional<std::size_t> network_params() const { return std::nullopt; }
};

// What happens after birth. Tasks check at construction that they know the kind.
// What happens after birth. Tasks check at construction that they know the kind. A
// lifetime may carry genes of its own (plasticity rules): they follow the encoding's
// genes in the genome.
class Lifetime {
 public:
  virtual ~Lifetime() = default;
  virtual std::string kind() const = 0;
  virtual std::size_t genome_size() const { return 0; }
  virtual void initialise(std::span<float> genes, Rng& rng) const { (void)genes, (void)rng; }
};

// The genome an optimizer searches: the encoding's genes, then the lifetime's.
class GenomeLayout final : public Encoding {
 public:
  GenomeLayout(const Encoding& encoding, const Lifetime& lifetime) : encoding_(encoding), lifetime_(lifetime) {}
  std::string name() const override {
    return lifetime_.genome_size() ? encoding_.name() + "+" + lifetime_.kind() : encoding_.name();
  }
  std::size_t genome_size() const override { return encoding_.genome_size() + lifetime_.genome_size(); }
  double genome_bits() const override { return encoding_.genome_bits() + 32.0 * double(lifetime_.genome_size()); }
  GeneDomain domain() const override { return encoding_.domain(); }
  void initialise(std::span<float> genome, Rng& rng) const override {
    encoding_.initialise(genome.first(encoding_.genome_size()), rng);
    lifetime_.initialise(genome.subspan(encoding_.genome_size()), rng);
  }
  std::optional<std::size_t> network_params() const override { return encoding_.network_params(); }

 private:
  const Encoding& encoding_;
  const Lifetime& lifetime_;
};

// Turns a genome (decoded by the task's encoding, lived by its lifetime) into a score.
// evaluate() runs concurrently for different individuals and must be const-correct.
class Task {
 public:
  virtual ~Task() = default;
  // Extra metrics.csv columns; each is the population mean of a per-individual value
  // that evaluate() writes into `metrics` (same order).
  virtual std::vector<std::string> metric_names() const { return {}; }
  virtual double evaluate(GenomeView genome, Rng& rng, std::span<double> metrics) const = 0;
  // Scores of the final genome for result.json ("scores": chance, innate, direct, ...),
  // measured afresh; `seed` keys their random streams. A task may also leave files in
  // the run directory `dir` (curves, networks); empty `dir`: write nothing. None by default.
  virtual std::vector<std::pair<std::string, double>> final_scores(GenomeView genome, std::uint64_t seed,
                                                                   const std::filesystem::path& dir) const {
    (void)genome, (void)seed, (void)dir;
    return {};
  }
};

// Ask/tell search over genome vectors. ask() must be a pure function of the optimizer's
// state and the generation, so a checkpointed optimizer resumes exactly.
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual const Population& ask(std::uint64_t generation) = 0;
  // Scores of the population from the last ask(); non-finite scores rank worst.
  virtual void tell(std::span<const double> scores) = 0;
  // The genome the search recommends now: the best of the last scored population for a
  // GA, the distribution's mean for an evolution strategy. (Eigen storage: aligned the
  // same way in every run, so what is computed from it has the same bits.)
  virtual Eigen::VectorXf recommendation() const = 0;
  virtual void save(cereal::PortableBinaryOutputArchive& archive) const = 0;
  virtual void load(cereal::PortableBinaryInputArchive& archive) = 0;
};

// What an encoding may need to know about the phenotype it builds.
struct EncodingContext {
  std::optional<MlpShape> network;  // [network] when kind = "mlp"
  std::vector<int> image_shape;     // task.image_shape: the input layer is a (height, width) image
};

struct OptimizerContext {
  const Encoding& encoding;
  std::size_t population;
  std::uint64_t seed;
  const class Task* task = nullptr;  // for optimizers that fit through the task (gradient fitting)
  std::uint64_t generations = 0;     // run.generations, for optimizers with a schedule
};

struct TaskContext {
  const Encoding& encoding;
  const Lifetime& lifetime;
  std::uint64_t seed;
};

template <class Product, class... Args>
struct Entry {
  Choice choice;  // name, summary, keys
  std::function<std::unique_ptr<Product>(const Section&, Args...)> make;
};

using EncodingEntry = Entry<Encoding, const EncodingContext&>;
using LifetimeEntry = Entry<Lifetime, const EncodingContext&, const Encoding&>;
using TaskEntry = Entry<Task, const TaskContext&>;
using OptimizerEntry = Entry<Optimizer, const OptimizerContext&>;

struct Catalog {
  std::vector<TaskEntry> tasks;
  std::vector<EncodingEntry> encodings;
  std::vector<OptimizerEntry> optimizers;
  std::vector<LifetimeEntry> lifetimes;

  // The scenario schema: [task] name, [genome] encoding, [network] kind,
  // [optimizer] kind, [lifetime] kind, and the engine's [run] keys.
  Schema schema() const;
};

// The network and input layout a resolved scenario describes, for its encoding.
EncodingContext encoding_context(const Scenario& scenario);

// Builds the scenario's encoding and lifetime (used by the run loop and `innate info`).
std::unique_ptr<Encoding> make_encoding(const Scenario& scenario, const Catalog& catalog);
std::unique_ptr<Lifetime> make_lifetime(const Scenario& scenario, const Catalog& catalog, const Encoding& encoding);

// Finds the entry `name` (validated by the schema before this is called).
template <class E>
const E& find_entry(const std::vector<E>& entries, const std::string& name) {
  for (const auto& e : entries)
    if (e.choice.name == name) return e;
  throw std::logic_error("find_entry(): '" + name + "' is not in the catalog");
}

}  // namespace innate
