// innate.make's engine: a control or MuJoCo environment stepped from Python. reset(seed=N) draws
// the start `innate env rollout --seed N` draws; truncation at the step limit as
// Gymnasium's TimeLimit (also on a terminal step).
#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <random>

#include "engine/base/error.hpp"
#include "python/bindings/bindings.hpp"
#include "tasks/control/envs/environment.hpp"

namespace innate::python {
namespace {

class PyEnvironment {
 public:
  PyEnvironment(const std::string& name, const std::string& body)
      : env_(make_environment(name, body)), observation_(static_cast<std::size_t>(env_->observation_size())) {}

  py::array_t<float> reset(std::optional<std::uint64_t> seed, std::optional<std::vector<double>> state) {
    // Gymnasium's rule: a seed restarts the environment's generator; without one a reset
    // continues it (seeded from the system on first use).
    if (seed)
      rng_ = stream({*seed, 0, 0, Purpose::evaluate});
    else if (!seeded_)
      rng_ = stream({std::random_device{}(), 0, 0, Purpose::evaluate});
    seeded_ = true;
    env_->reset(rng_);
    if (state) {
      try {
        env_->start_from(*state);
      } catch (const InputError& e) {
        throw InputError(fmt::format("reset: {}", e.what()));
      }
    }
    steps_ = 0;
    started_ = true;
    return observation();
  }

  py::tuple step(const std::vector<double>& action) {
    if (!started_) throw InputError("step: call reset() first");
    const int n = env_->discrete_actions();
    if (action.size() != static_cast<std::size_t>(env_->action_size()))
      throw InputError(
          fmt::format("step: {} takes {} action value(s), got {}", env_->name(), env_->action_size(), action.size()));
    if (n > 0 && (action[0] != std::floor(action[0]) || action[0] < 0 || action[0] >= n))
      throw InputError(fmt::format("step: {} takes an action index 0..{}, got {}", env_->name(), n - 1, action[0]));
    for (const double a : action)
      if (!std::isfinite(a)) throw InputError(fmt::format("step: {} takes finite actions, got {}", env_->name(), a));
    const StepResult r = env_->step(action);
    ++steps_;
    const bool truncated = steps_ >= env_->max_steps();
    return py::make_tuple(observation(), r.reward, r.terminated, truncated);
  }

  std::vector<double> state() const {
    const auto s = env_->state();
    return {s.begin(), s.end()};
  }
  std::vector<std::string> state_names() const { return env_->state_names(); }
  std::string name() const { return env_->name(); }
  int discrete_actions() const { return env_->discrete_actions(); }
  int action_size() const { return env_->action_size(); }
  double max_action() const { return env_->max_action(); }
  int max_steps() const { return env_->max_steps(); }
  ObservationBounds bounds() const { return env_->observation_bounds(); }

 private:
  py::array_t<float> observation() {
    env_->observe(observation_);
    return py::array_t<float>(static_cast<py::ssize_t>(observation_.size()), observation_.data());
  }

  std::unique_ptr<Environment> env_;
  std::vector<float> observation_;
  Rng rng_;
  bool seeded_ = false, started_ = false;
  int steps_ = 0;
};

}  // namespace

void bind_environments(py::module_& m) {
  py::class_<PyEnvironment>(m, "Environment")
      .def(py::init<const std::string&, const std::string&>(), py::arg("name"), py::arg("body") = "intact")
      .def("reset", &PyEnvironment::reset, py::arg("seed"), py::arg("state"))
      .def("step", &PyEnvironment::step, py::arg("action"))
      .def_property_readonly("state", &PyEnvironment::state)
      .def_property_readonly("state_names", &PyEnvironment::state_names)
      .def_property_readonly("name", &PyEnvironment::name)
      .def_property_readonly("discrete_actions", &PyEnvironment::discrete_actions)
      .def_property_readonly("action_size", &PyEnvironment::action_size)
      .def_property_readonly("max_action", &PyEnvironment::max_action)
      .def_property_readonly("max_steps", &PyEnvironment::max_steps)
      .def_property_readonly("observation_low", [](const PyEnvironment& e) { return e.bounds().low; })
      .def_property_readonly("observation_high", [](const PyEnvironment& e) { return e.bounds().high; });
  m.def("environment_names", &environment_names);
}

}  // namespace innate::python
