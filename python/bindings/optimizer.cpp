// innate.Optimizer: any optimizer of the catalog driven by ask/tell from Python, over a
// plain vector of genes, with the engine's keyed streams (generation g's population is
// the one a run with the same seed, population and start would ask for).
#include <boost/random/normal_distribution.hpp>
#include <fmt/format.h>
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/error.hpp"
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

class PyOptimizer {
 public:
  PyOptimizer(const std::string& kind, std::size_t dim, std::optional<std::size_t> popsize, std::optional<double> sigma,
              std::uint64_t seed, std::optional<Eigen::VectorXf> x0, std::vector<std::string> settings)
      : kind_(kind) {
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
    popsize_ = popsize.value_or(entry.default_population ? entry.default_population(dim) : 100);
    settings.push_back(fmt::format("optimizer.kind=\"{}\"", kind));
    settings.push_back(fmt::format("run.population={}", popsize_));
    settings.push_back(fmt::format("run.seed={}", seed));
    const Scenario scenario = Scenario::from_text("", "innate.Optimizer", settings, builtin_catalog().schema());
    genome_ = std::make_unique<VectorGenome>(x0 ? *x0 : Eigen::VectorXf::Zero(Eigen::Index(dim)),
                                             own_sigma ? 0.0 : sigma.value_or(0.1));
    optimizer_ = entry.make(scenario.section("optimizer"), OptimizerContext{*genome_, popsize_, seed});
    best_score_ = -std::numeric_limits<double>::infinity();
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
  std::size_t dim() const { return genome_->genome_size(); }
  std::uint64_t generation() const { return generation_; }
  const std::string& kind() const { return kind_; }

 private:
  std::string kind_;
  std::unique_ptr<VectorGenome> genome_;
  std::unique_ptr<Optimizer> optimizer_;
  std::size_t popsize_ = 0;
  std::uint64_t generation_ = 0;
  const Population* asked_ = nullptr;  // the population of the last ask(), until tell()
  Eigen::VectorXf best_;
  double best_score_;
};

}  // namespace

void bind_optimizer(py::module_& m) {
  py::class_<PyOptimizer>(m, "Optimizer")
      .def(py::init<const std::string&, std::size_t, std::optional<std::size_t>, std::optional<double>, std::uint64_t,
                    std::optional<Eigen::VectorXf>, std::vector<std::string>>(),
           py::arg("kind"), py::arg("dim"), py::arg("popsize"), py::arg("sigma"), py::arg("seed"), py::arg("x0"),
           py::arg("settings"))
      .def("ask", &PyOptimizer::ask)
      .def("tell", &PyOptimizer::tell, py::arg("scores"))
      .def_property_readonly("mean", &PyOptimizer::mean)
      .def_property_readonly("best", &PyOptimizer::best)
      .def_property_readonly("best_score", &PyOptimizer::best_score)
      .def_property_readonly("popsize", &PyOptimizer::popsize)
      .def_property_readonly("dim", &PyOptimizer::dim)
      .def_property_readonly("generation", &PyOptimizer::generation)
      .def_property_readonly("kind", &PyOptimizer::kind);
}

}  // namespace innate::python
