// innate.Optimizer: any optimizer of the catalog driven by ask/tell from Python, over a
// plain vector of genes or a scenario's genome, with the engine's keyed streams; and
// innate.Problem: a scenario's task scoring genomes exactly as a run does.
#include <boost/random/normal_distribution.hpp>
#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/error.hpp"
#include "engine/run.hpp"
#include "engine/text.hpp"
#include "python/bindings/bindings.hpp"
#include "scenarios/catalog.hpp"

namespace innate::python {
namespace {

// A genome that is its own phenotype: `dim` real genes starting at x0, spread around it
// by `spread` (a GA's first population; 0 for a strategy whose mean starts at x0).
class VectorGenome final : public Encoding {
 public:
  VectorGenome(Eigen::VectorXf x0, double spread) : x0_(std::move(x0)), spread_(spread) {}
  std::string name() const override { return "vector"; }
  std::size_t genome_size() const override { return static_cast<std::size_t>(x0_.size()); }
  double genome_bits() const override { return 32.0 * double(x0_.size()); }
  GeneDomain domain() const override { return {}; }
  void initialise(std::span<float> genome, Rng& rng) const override {
    boost::random::normal_distribution<double> normal;
    for (std::size_t i = 0; i < genome.size(); ++i)
      genome[i] = spread_ > 0 ? static_cast<float>(x0_[Eigen::Index(i)] + spread_ * normal(rng)) : x0_[Eigen::Index(i)];
  }
  std::size_t phenotype_size() const override { return genome_size(); }
  void decode(GenomeView genome, std::span<float> phenotype, Rng&) const override {
    std::copy(genome.begin(), genome.end(), phenotype.begin());
  }

 private:
  Eigen::VectorXf x0_;
  double spread_;
};

bool has_key(const Choice& choice, const std::string& key) {
  return std::any_of(choice.keys.begin(), choice.keys.end(), [&](const KeySpec& k) { return k.name == key; });
}

const OptimizerEntry& optimizer_entry(const std::string& kind) {
  const auto& all = builtin_catalog().optimizers;
  for (const auto& e : all)
    if (e.choice.name == kind) return e;
  std::vector<std::string> names;
  for (const auto& e : all) names.push_back(e.choice.name);
  const std::string near = nearest(kind, names);
  throw InputError(fmt::format("Optimizer: unknown kind '{}'{}; known: {}", kind,
                               near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near), fmt::join(names, ", ")));
}

// An optimizer over a genome it shares ownership of (a vector, or a scenario's genome).
class PyOptimizer {
 public:
  PyOptimizer(std::shared_ptr<const void> owner, const Encoding& genome, const OptimizerEntry& entry,
              const Scenario& scenario, std::uint64_t generations = 0)
      : owner_(std::move(owner)), kind_(entry.choice.name), dim_(genome.genome_size()) {
    const Section run = scenario.section("run");
    popsize_ = static_cast<std::size_t>(run.integer("population", 1, 100'000'000));
    const auto seed = static_cast<std::uint64_t>(run.integer("seed", 0));
    optimizer_ = entry.make(scenario.section("optimizer"), OptimizerContext{genome, popsize_, seed, generations});
  }

  // Any optimizer of the catalog over `dim` real genes from x0.
  static PyOptimizer over_vector(const std::string& kind, std::size_t dim, std::optional<std::size_t> popsize,
                                 std::optional<double> sigma, std::uint64_t seed, std::optional<Eigen::VectorXf> x0,
                                 std::vector<std::string> settings) {
    const OptimizerEntry& entry = optimizer_entry(kind);
    if (dim < 1) throw InputError("Optimizer: dim must be at least 1");
    if (x0 && static_cast<std::size_t>(x0->size()) != dim)
      throw InputError(fmt::format("Optimizer: x0 has {} values, dim is {}", x0->size(), dim));
    if (x0 && !x0->allFinite()) throw InputError("Optimizer: x0 holds a non-finite value");
    if (sigma && !(std::isfinite(*sigma) && *sigma > 0)) throw InputError("Optimizer: sigma must be finite and positive");
    // sigma is the optimizer's own key where it has one; otherwise (the GA) the spread of
    // its first population around x0.
    const bool own_sigma = has_key(entry.choice, "sigma");
    if (own_sigma && sigma) settings.push_back(fmt::format("optimizer.sigma={}", format_number(*sigma)));
    const std::size_t n = popsize.value_or(entry.default_population ? entry.default_population(dim) : 100);
    settings.push_back(fmt::format("optimizer.kind=\"{}\"", kind));
    settings.push_back(fmt::format("run.population={}", n));
    settings.push_back(fmt::format("run.seed={}", seed));
    const Scenario scenario = Scenario::from_text("", "innate.Optimizer", settings, builtin_catalog().schema());
    auto genome = std::make_shared<VectorGenome>(x0 ? *x0 : Eigen::VectorXf::Zero(Eigen::Index(dim)),
                                                 own_sigma ? 0.0 : sigma.value_or(0.1));
    return PyOptimizer(genome, *genome, entry, scenario);
  }

  py::array_t<float> ask() {
    {
      py::gil_scoped_release release;
      asked_ = &optimizer_->ask(generation_);
    }
    return py::array_t<float>({asked_->rows(), asked_->cols()}, asked_->data());
  }

  void tell(const py::array_t<double, py::array::c_style | py::array::forcecast>& scores) {
    if (!asked_) throw InputError("Optimizer.tell: call ask() first");
    if (scores.ndim() != 1 || static_cast<std::size_t>(scores.size()) != popsize_)
      throw InputError(fmt::format("Optimizer.tell: one score per individual expected ({}), got {}", popsize_, scores.size()));
    const std::span<const double> s(scores.data(), popsize_);
    for (std::size_t i = 0; i < popsize_; ++i)
      if (std::isfinite(s[i]) && s[i] > best_score_) {
        best_score_ = s[i];
        best_ = asked_->row(Eigen::Index(i)).transpose();
      }
    {
      py::gil_scoped_release release;
      optimizer_->tell(s);
    }
    asked_ = nullptr;
    ++generation_;
  }

  Eigen::VectorXf mean() const { return optimizer_->recommendation(); }
  std::optional<Eigen::VectorXf> best() const { return best_.size() ? std::optional(best_) : std::nullopt; }
  double best_score() const { return best_score_; }
  std::size_t popsize() const { return popsize_; }
  std::size_t dim() const { return dim_; }
  std::uint64_t generation() const { return generation_; }
  const std::string& kind() const { return kind_; }

 private:
  std::shared_ptr<const void> owner_;  // keeps the genome the optimizer refers to alive
  std::string kind_;
  std::size_t dim_, popsize_ = 0;
  std::unique_ptr<Optimizer> optimizer_;
  std::uint64_t generation_ = 0;
  const Population* asked_ = nullptr;  // the population of the last ask(), until tell()
  Eigen::VectorXf best_;
  double best_score_ = -std::numeric_limits<double>::infinity();
};

// A scenario's task, genome and optimizer as the run loop binds them: genomes scored
// exactly as a run scores them (same streams, any thread count), and the run's own
// optimizer, so a Python loop of ask, evaluate and tell reproduces `innate run`.
class PyProblem : public std::enable_shared_from_this<PyProblem> {
 public:
  explicit PyProblem(const ScenarioSource& source) : scenario_(source.resolve()) {
    const Catalog& catalog = builtin_catalog();
    const Section run = scenario_.section("run");
    seed_ = static_cast<std::uint64_t>(run.integer("seed", 0));
    generations_ = static_cast<std::uint64_t>(run.integer("generations", 0));
    measures_ = &task_measures(scenario_, catalog);
    phenotype_ = encoding_context(scenario_, catalog);
    encoding_ = make_encoding(scenario_, catalog);
    lifetime_ = make_lifetime(scenario_, catalog, *encoding_);
    genome_ = std::make_unique<GenomeLayout>(*encoding_, *lifetime_);
    task_ = task_entry(scenario_, catalog).make(scenario_.section("task"), TaskContext{*encoding_, *lifetime_, seed_, phenotype_});
    if (task_->supervision())
      throw InputError("Problem: this scenario's task trains by gradient; its optimizer is not an ask/tell search");
  }

  std::size_t dim() const { return genome_->genome_size(); }
  std::uint64_t seed() const { return seed_; }
  std::vector<std::string> columns() const { return measures_->columns; }

  // Scores (column 0) and the task's declared columns of every row of `population`.
  py::array_t<double> evaluate(const py::array_t<float, py::array::c_style | py::array::forcecast>& population,
                               std::uint64_t generation) const {
    if (population.ndim() != 2 || static_cast<std::size_t>(population.shape(1)) != dim())
      throw InputError(fmt::format("Problem.evaluate: a population of genomes of {} genes (rows) expected", dim()));
    const Population genomes = Eigen::Map<const Population>(population.data(), population.shape(0), population.shape(1));
    MetricsTable results(genomes.rows(), static_cast<Eigen::Index>(1 + measures_->columns.size()));
    {
      py::gil_scoped_release release;
      evaluate_population(*task_, *encoding_, *lifetime_, genomes, seed_, generation, 0,
                          static_cast<std::size_t>(genomes.rows()), results);
    }
    return py::array_t<double>({results.rows(), results.cols()}, results.data());
  }

  PyOptimizer optimizer() {
    const OptimizerEntry& entry = optimizer_entry(scenario_.section("optimizer").text("kind"));
    return PyOptimizer(shared_from_this(), *genome_, entry, scenario_, generations_);
  }

 private:
  Scenario scenario_;
  std::uint64_t seed_ = 0, generations_ = 0;
  const Measures* measures_ = nullptr;
  EncodingContext phenotype_;
  std::unique_ptr<Encoding> encoding_;
  std::unique_ptr<Lifetime> lifetime_;
  std::unique_ptr<GenomeLayout> genome_;
  std::unique_ptr<Task> task_;
};

}  // namespace

void bind_optimizer(py::module_& m) {
  py::class_<PyOptimizer>(m, "Optimizer")
      .def(py::init(&PyOptimizer::over_vector), py::arg("kind"), py::arg("dim"), py::arg("popsize"), py::arg("sigma"),
           py::arg("seed"), py::arg("x0"), py::arg("settings"))
      .def("ask", &PyOptimizer::ask)
      .def("tell", &PyOptimizer::tell, py::arg("scores"))
      .def_property_readonly("mean", &PyOptimizer::mean)
      .def_property_readonly("best", &PyOptimizer::best)
      .def_property_readonly("best_score", &PyOptimizer::best_score)
      .def_property_readonly("popsize", &PyOptimizer::popsize)
      .def_property_readonly("dim", &PyOptimizer::dim)
      .def_property_readonly("generation", &PyOptimizer::generation)
      .def_property_readonly("kind", &PyOptimizer::kind);
  py::class_<PyProblem, std::shared_ptr<PyProblem>>(m, "Problem")
      .def(py::init([](const ScenarioSource& source) { return std::make_shared<PyProblem>(source); }), py::arg("source"))
      .def_property_readonly("dim", &PyProblem::dim)
      .def_property_readonly("seed", &PyProblem::seed)
      .def_property_readonly("columns", &PyProblem::columns)
      .def("evaluate", &PyProblem::evaluate, py::arg("population"), py::arg("generation"))
      .def("optimizer", &PyProblem::optimizer);
}

}  // namespace innate::python
