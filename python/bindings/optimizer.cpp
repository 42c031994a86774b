// innate.Optimizer: any optimizer of the catalog driven by ask/tell from Python, over a
// plain vector of genes or a scenario's genome, with the engine's keyed streams; and
// innate.Problem: a scenario's task scoring genomes exactly as a run does.
#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/base/error.hpp"
#include "engine/optimizers/vector_search.hpp"
#include "engine/run/bound.hpp"
#include "engine/run/run.hpp"
#include "python/bindings/bindings.hpp"
#include "tasks/catalog.hpp"

namespace innate::python {
namespace {

// An ask/tell optimizer from Python's side: it shares ownership of the genome it searches
// (a vector, or a scenario's genome) and remembers the best individual told.
class PyOptimizer {
 public:
  PyOptimizer(std::shared_ptr<const void> owner, std::unique_ptr<Optimizer> optimizer, std::string kind,
              std::size_t dim, std::size_t popsize)
      : owner_(std::move(owner)),
        kind_(std::move(kind)),
        dim_(dim),
        popsize_(popsize),
        optimizer_(std::move(optimizer)) {}

  static PyOptimizer over_vector(const std::string& kind, std::size_t dim, std::optional<std::size_t> popsize,
                                 std::optional<double> sigma, std::uint64_t seed, std::optional<Eigen::VectorXf> x0,
                                 std::vector<std::string> settings) {
    VectorSearch search =
        make_vector_search({kind, dim, popsize, sigma, seed, std::move(x0), std::move(settings)}, builtin_catalog());
    return PyOptimizer(search.genome, std::move(search.optimizer), kind, dim, search.popsize);
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
      throw InputError(
          fmt::format("Optimizer.tell: one score per individual expected ({}), got {}", popsize_, scores.size()));
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
  explicit PyProblem(const ScenarioSource& source)
      : scenario_(source.resolve()), bound_(bind(scenario_, builtin_catalog())) {}

  std::size_t dim() const { return bound_.genome->genome_size(); }
  std::uint64_t seed() const { return bound_.run.seed; }
  std::vector<std::string> columns() const { return bound_.measures.columns; }

  // Scores (column 0) and the task's declared columns of every row of `population`.
  py::array_t<double> evaluate(const py::array_t<float, py::array::c_style | py::array::forcecast>& population,
                               std::uint64_t generation) const {
    if (population.ndim() != 2 || static_cast<std::size_t>(population.shape(1)) != dim())
      throw InputError(fmt::format("Problem.evaluate: a population of genomes of {} genes (rows) expected", dim()));
    const Population genomes =
        Eigen::Map<const Population>(population.data(), population.shape(0), population.shape(1));
    MetricsTable results(genomes.rows(), static_cast<Eigen::Index>(1 + bound_.measures.columns.size()));
    {
      py::gil_scoped_release release;
      evaluate_population(*bound_.task, *bound_.encoding, *bound_.lifetime, genomes, bound_.run.seed, generation, 0,
                          static_cast<std::size_t>(genomes.rows()), results);
    }
    return py::array_t<double>({results.rows(), results.cols()}, results.data());
  }

  // A fresh optimizer of the scenario, as the run makes it.
  PyOptimizer optimizer() {
    return PyOptimizer(shared_from_this(), make_optimizer(bound_, scenario_, builtin_catalog()),
                       scenario_.section("optimizer").text("kind"), dim(), bound_.run.population);
  }

 private:
  Scenario scenario_;
  Bound bound_;
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
      .def(py::init([](const ScenarioSource& source) { return std::make_shared<PyProblem>(source); }),
           py::arg("source"))
      .def_property_readonly("dim", &PyProblem::dim)
      .def_property_readonly("seed", &PyProblem::seed)
      .def_property_readonly("columns", &PyProblem::columns)
      .def("evaluate", &PyProblem::evaluate, py::arg("population"), py::arg("generation"))
      .def("optimizer", &PyProblem::optimizer);
}

}  // namespace innate::python
