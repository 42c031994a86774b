#pragma once
// The kinds of component a scenario binds together (encoding, lifetime, task, optimizer),
// what a task declares it measures, and the catalog of their constructors by name. The
// engine sees only these interfaces; concrete encodings and lifetimes live in genomes/,
// tasks in scenarios/, and each is added by one file and one catalog line.
#include <Eigen/Core>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/budget.hpp"
#include "engine/config.hpp"
#include "engine/genome.hpp"
#include "engine/lifetime.hpp"
#include "engine/mlp.hpp"
#include "engine/rng.hpp"

namespace cereal {
class PortableBinaryOutputArchive;
class PortableBinaryInputArchive;
}  // namespace cereal

namespace innate {

class Supervision;

// Genome parameters -> phenotype. Knows its size in parameters and bits, how to draw an
// initial genome and how to decode one into a phenotype: a vector of floats (a network's
// flat parameters, engine/mlp.hpp, or one allele per locus). Differentiable encodings
// also carry a gradient on the phenotype back to the genome.
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
  // The type of every unit of every network layer, for encodings that assign types
  // (cell types); empty otherwise.
  virtual std::vector<std::vector<int>> unit_types() const { return {}; }

  virtual std::size_t phenotype_size() const = 0;
  // Writes the phenotype. `birth` supplies the randomness of development, for encodings
  // that have any (sampled weights); others ignore it.
  virtual void decode(GenomeView genome, std::span<float> phenotype, Rng& birth) const = 0;

  // Whether backward() exists; without it the three calls below throw std::logic_error.
  virtual bool differentiable() const { return false; }
  // Adds dLoss/dGenome to `grad_genome` given dLoss/dPhenotype. `birth` must be in the
  // state decode() received, so a sampled development is replayed exactly.
  virtual void backward(GenomeView genome, std::span<const float> grad_phenotype, std::span<float> grad_genome,
                        Rng& birth) const;
  // The phenotype at `indices` alone and the way back from gradients at those entries:
  // what regression of a genome onto sampled weights needs. The defaults decode and
  // back-propagate everything; an encoding may do less (the g-net evaluates g on the
  // sampled pairs only).
  virtual void decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                              Rng& birth) const;
  virtual void backward_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<const float> grads,
                                std::span<float> grad_genome, Rng& birth) const;
};

// The genome an optimizer searches: the encoding's genes, then the lifetime's (plasticity
// rules), so any wiring encoding combines with any lifetime without either knowing the
// other. It decodes and differentiates through the encoding (the lifetime's genes get no
// gradient); the lifetime's genes reach the lifetime through an Individual.
class GenomeLayout final : public Encoding {
 public:
  GenomeLayout(const Encoding& encoding, const Lifetime& lifetime) : encoding_(encoding), lifetime_(lifetime) {}
  std::string name() const override;
  std::size_t genome_size() const override { return encoding_.genome_size() + lifetime_.genome_size(); }
  double genome_bits() const override { return encoding_.genome_bits() + 32.0 * double(lifetime_.genome_size()); }
  GeneDomain domain() const override { return encoding_.domain(); }
  void initialise(std::span<float> genome, Rng& rng) const override;
  std::optional<std::size_t> network_params() const override { return encoding_.network_params(); }
  std::size_t phenotype_size() const override { return encoding_.phenotype_size(); }
  void decode(GenomeView genome, std::span<float> phenotype, Rng& birth) const override;
  bool differentiable() const override { return encoding_.differentiable(); }
  void backward(GenomeView genome, std::span<const float> grad_phenotype, std::span<float> grad_genome,
                Rng& birth) const override;
  void decode_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<float> values,
                      Rng& birth) const override;
  void backward_entries(GenomeView genome, std::span<const std::size_t> indices, std::span<const float> grads,
                        std::span<float> grad_genome, Rng& birth) const override;

 private:
  GenomeView wiring(GenomeView genome) const { return genome.first(encoding_.genome_size()); }
  std::span<float> wiring(std::span<float> grad) const { return grad.first(encoding_.genome_size()); }
  const Encoding& encoding_;
  const Lifetime& lifetime_;
};

// One genome as a task meets it, built by the run loop for every evaluation: development
// (decode, through the scenario's encoding) and the lifetime its phenotype lives through,
// with this genome's lifetime genes. A task knows neither component's concrete type.
class Individual {
 public:
  Individual(GenomeView genome, const Encoding& encoding, const Lifetime& lifetime)
      : genome_(genome), encoding_(encoding), lifetime_(lifetime) {}
  // A birth: the phenotype (phenotype_size() values) from the wiring genes.
  void develop(std::span<float> phenotype, Rng& birth) const {
    encoding_.decode(genome_.first(encoding_.genome_size()), phenotype, birth);
  }
  std::size_t phenotype_size() const { return encoding_.phenotype_size(); }
  const Lifetime& lifetime() const { return lifetime_; }
  GenomeView lifetime_genes() const { return genome_.subspan(encoding_.genome_size()); }

 private:
  GenomeView genome_;
  const Encoding& encoding_;
  const Lifetime& lifetime_;
};

// What a task measures, declared as data: the run loop, arms, sweeps and the report draw
// whatever a task declares and know no task, arm or column by name.
struct Curve {  // a CSV file of learning curves the task writes into the run directory
  std::string file, x, title, x_label, y_label;  // every column but x is a series
  bool log_x = false;  // x on a log axis (points at x <= 0 are left out of the drawing)
};
struct ColumnGroup {  // metrics.csv columns drawn together, one chart per run
  std::string title, y_label;
  std::vector<std::string> columns;
};
struct NatureFraction {  // (nature - floor) / (full - floor) of result.json scores
  std::string floor, nature, full;
  bool declared() const { return !nature.empty(); }
};
// An arm of a side-by-side comparison (`task.arms`): the scenario with the selector of
// each named section set to a value. A section whose selector already has that value is
// kept with its keys; any other becomes the bare choice (its keys at their defaults).
struct Arm {
  std::string name;
  std::vector<std::pair<std::string, std::string>> sections;  // section -> selector value
  std::vector<std::pair<std::string, std::string>> refuses;   // section -> a value it cannot start from
};
struct Measures {
  std::vector<std::string> columns;  // metrics.csv columns after generation,best,mean,std
  std::vector<ColumnGroup> groups;
  std::vector<std::string> scores;  // result.json "scores", in order; a run writes those it measures
  NatureFraction fraction;          // none when not declared
  std::vector<Curve> curves;
  std::vector<Arm> arms;  // what task.arms may name
};

// The random streams of one evaluation: the individual's own stream (its development and
// any draw that is its alone), and streams common to every individual of the generation
// (episode start states), so that individuals are compared on the same draws (common
// random numbers) while the episodes of one evaluation are distinct draws.
class Draws {
 public:
  Draws(Rng& own, std::uint64_t seed, std::uint64_t generation) : own_(own), seed_(seed), generation_(generation) {}
  Rng& own() const { return own_; }
  Rng common(std::uint64_t index) const { return stream({seed_, generation_, index, Purpose::common}); }
  // What the common streams are keyed by: equal keys, equal common draws.
  std::pair<std::uint64_t, std::uint64_t> common_key() const { return {seed_, generation_}; }

 private:
  Rng& own_;
  std::uint64_t seed_, generation_;
};

// The final genome's scores for result.json, measured afresh after the run. Arms are
// scored on held-out data (test) or fresh episodes; a task that holds out a validation
// set scores them there too (what anything that chooses may look at).
struct DataEquivalent {  // labelled examples the nurture-only arm needs to reach the nature arm
  std::optional<double> examples;  // none: not reached within `budget`
  double budget = 0.0, level = 0.0;
  std::string nature, nurture;  // the arms compared
};
struct FinalScores {
  std::vector<std::pair<std::string, double>> test;        // result.json "scores"
  std::vector<std::pair<std::string, double>> validation;  // "validation_scores"
  std::vector<std::pair<std::string, std::uint64_t>> splits;  // "splits": examples in each
  std::vector<std::pair<std::string, Budget>> budgets;     // "budget": what produced each arm
  std::optional<DataEquivalent> data_equivalent;
};

// Turns an individual (developed, living through its lifetime) into a score.
// evaluate() runs concurrently for different individuals and must be const-correct.
class Task {
 public:
  virtual ~Task() = default;
  // The score, and a value per declared column into `metrics` (same order).
  virtual double evaluate(const Individual& individual, const Draws& draws, std::span<double> metrics) const = 0;
  // What one evaluation consumed, from the columns it wrote (evaluations are counted by
  // the run loop). Nothing by default.
  virtual Budget evaluation_cost(std::span<const double> metrics) const {
    (void)metrics;
    return {};
  }
  // Scores of the final genome (declared score names), measured afresh; `seed` keys their
  // random streams, `run` is what the run consumed to produce the genome. A task may also
  // leave files in the run directory `dir` (declared curves, networks); empty `dir`:
  // write nothing. None by default.
  virtual FinalScores final_scores(const Individual& individual, const Budget& run, std::uint64_t seed,
                                   const std::filesystem::path& dir) const {
    (void)individual, (void)run, (void)seed, (void)dir;
    return {};
  }
  // The nature arm's score on the task's validation data (run.keep = "validation" picks
  // the genome by it), for tasks that hold validation data apart from test.
  virtual bool scores_validation() const { return false; }
  virtual double validation_score(const Individual& individual, std::uint64_t seed) const {
    (void)individual, (void)seed;
    return 0.0;
  }
  // Labelled examples for optimizers that fit a genome by gradient; null: none offered.
  virtual const Supervision* supervision() const { return nullptr; }
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
  // What the optimizer's own work (beyond the run loop's evaluations) consumed to produce
  // the current genome: the gradient steps of a genome fitting. Nothing by default.
  virtual Budget consumed() const { return {}; }
  virtual void save(cereal::PortableBinaryOutputArchive& archive) const = 0;
  virtual void load(cereal::PortableBinaryInputArchive& archive) = 0;
};

// What an encoding may need to know about the phenotype it builds.
struct EncodingContext {
  std::optional<MlpShape> network;  // [network] when kind = "mlp"
  std::vector<int> input_grid;      // (height, width) when the task's inputs are images
};

struct OptimizerContext {
  const Encoding& encoding;  // the searched genome (a GenomeLayout)
  std::size_t population;
  std::uint64_t seed;
  std::uint64_t generations = 0;             // run.generations, for optimizers with a schedule
  const Supervision* supervision = nullptr;  // the task's labelled examples, if it offers any
  std::optional<MlpShape> network = {};      // the network the genome decodes into, if any
};

struct TaskContext {
  const Encoding& encoding;  // the wiring encoding (its genes come first in the genome)
  const Lifetime& lifetime;
  std::uint64_t seed;
  const EncodingContext& phenotype;  // the [network] and the input layout
};

template <class Product, class... Args>
struct Entry {
  Choice choice;  // name, summary, keys
  std::function<std::unique_ptr<Product>(const Section&, Args...)> make;
};

using EncodingEntry = Entry<Encoding, const EncodingContext&>;
using LifetimeEntry = Entry<Lifetime, const EncodingContext&, const Encoding&>;
struct OptimizerEntry {
  Choice choice;
  std::function<std::unique_ptr<Optimizer>(const Section&, const OptimizerContext&)> make;
  // The population the method's authors recommend for `genes` genes, for callers that set
  // none (the Python API's popsize=None); null: run.population's default.
  std::function<std::size_t(std::size_t genes)> default_population = {};
  // Bytes of state beyond the population matrices (engine/memory.hpp); null: none.
  std::function<double(std::size_t genes, std::size_t population)> state_bytes = {};
};

struct TaskEntry : Entry<Task, const TaskContext&> {
  Measures measures;
  // The input layer's grid (height, width) when the task's inputs are images, read from
  // its section and checked against the network; null or empty: not a grid.
  std::function<std::vector<int>(const Section& task, const std::optional<MlpShape>& network)> input_grid = {};
};

LifetimeEntry no_lifetime_entry();

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
EncodingContext encoding_context(const Scenario& scenario, const Catalog& catalog);
// The scenario's task entry (its declarations), and its declared measures.
const TaskEntry& task_entry(const Scenario& scenario, const Catalog& catalog);
const Measures& task_measures(const Scenario& scenario, const Catalog& catalog);

// Builds the scenario's encoding and lifetime (used by the run loop and `innate info`).
std::unique_ptr<Encoding> make_encoding(const Scenario& scenario, const Catalog& catalog);
std::unique_ptr<Lifetime> make_lifetime(const Scenario& scenario, const Catalog& catalog, const Encoding& encoding);

// What `innate info` reports: the searched genome's name and sizes, built without running.
struct GenomeSizes {
  std::string name;
  std::size_t genome_params = 0, rule_params = 0;  // rule_params: the lifetime's share
  double genome_bits = 0.0;
  std::optional<std::size_t> network_params;  // when the encoding decodes to a network
  std::optional<double> compression() const {  // network weights per genome parameter
    if (!network_params) return std::nullopt;
    return static_cast<double>(*network_params) / static_cast<double>(genome_params);
  }
};
GenomeSizes genome_sizes(const Scenario& scenario, const Catalog& catalog);

// Finds the entry `name` (validated by the schema before this is called).
template <class E>
const E& find_entry(const std::vector<E>& entries, const std::string& name) {
  for (const auto& e : entries)
    if (e.choice.name == name) return e;
  throw std::logic_error("find_entry(): '" + name + "' is not in the catalog");
}

}  // namespace innate
