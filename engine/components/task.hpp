#pragma once
// Task: scores an individual (develops it, lets it live, measures it), with its random
// streams (Draws) and the final genome's scores for result.json (FinalScores).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/rng.hpp"
#include "engine/components/budget.hpp"
#include "engine/components/encoding.hpp"
#include "engine/components/lifetime.hpp"

namespace innate {

class Supervision;

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
struct DataEquivalent {            // labelled examples the nurture-only arm needs to reach the nature arm
  std::optional<double> examples;  // none: not reached within `budget`
  double budget = 0.0, level = 0.0;
  std::string nature, nurture;  // the arms compared
};
struct FinalScores {
  std::vector<std::pair<std::string, double>> test;           // result.json "scores"
  std::vector<std::pair<std::string, double>> validation;     // "validation_scores"
  std::vector<std::pair<std::string, std::uint64_t>> splits;  // "splits": examples in each
  std::vector<std::pair<std::string, Budget>> budgets;        // "budget": what produced each arm
  std::optional<DataEquivalent> data_equivalent;
  // Trivial upper bounds on the bits a genome needs, where the task has them (the label
  // information of its training set, a table of an optimal policy): result.json "bit_bounds".
  std::vector<std::pair<std::string, double>> bit_bounds;
};

// A file a task read its data from: where (an absolute path) and its content's FNV-1a
// hash. A run records them at its start and a resume checks it reads the same.
struct InputFile {
  std::string path;
  std::uint64_t hash = 0;
  bool operator==(const InputFile&) const = default;
};

struct ScoreInterval {
  double score = 0.0, half_width = 0.0;
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
  // The score run.keep = "validation" keeps a genome by, for tasks that hold validation
  // data apart from test: what its fitness measures, on validation (after the life its
  // fitness includes, where the lifetime learns), and what that consumed beyond scoring
  // validation (the life's training examples), which the run adds to its budget.
  virtual bool scores_validation() const { return false; }
  virtual double validation_score(const Individual& individual, std::uint64_t seed) const {
    (void)individual, (void)seed;
    return 0.0;
  }
  virtual Budget validation_cost() const { return {}; }
  // The validation score with the half-width of its 95% sampling interval (the validation
  // data's own noise: a score on n images, a mean over n episodes); 0 where it is exact.
  virtual ScoreInterval validation_interval(const Individual& individual, std::uint64_t seed) const {
    return {validation_score(individual, seed), 0.0};
  }
  // Labelled examples for optimizers that fit a genome by gradient; null: none offered.
  virtual const Supervision* supervision() const { return nullptr; }
  // The files the task's data came from (none by default).
  virtual std::vector<InputFile> inputs() const { return {}; }
};

struct TaskContext {
  const Encoding& encoding;  // the wiring encoding (its genes come first in the genome)
  const Lifetime& lifetime;
  std::uint64_t seed;
  const EncodingContext& phenotype;  // the [network] and the input layout
};

}  // namespace innate
