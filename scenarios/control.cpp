#include "scenarios/control.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <fmt/format.h>

#include <cmath>

#include "engine/error.hpp"
#include "genomes/direct.hpp"

namespace innate {

ControlTask::ControlTask(const NetworkEncoding& encoding, const HebbianRules* rules, std::string environment, int episodes,
                         int final_episodes)
    : encoding_(encoding), rules_(rules), environment_(std::move(environment)), episodes_(episodes),
      final_episodes_(final_episodes),
      arm_(rules ? "plastic" : dynamic_cast<const Direct*>(&encoding) ? "direct" : "innate") {
  const auto env = make_environment(environment_);
  const auto& sizes = encoding_.network().sizes;
  const int actions = env->discrete_actions() > 0 ? env->discrete_actions() : 1;
  if (sizes.front() != env->observation_size() || sizes.back() != actions)
    throw InputError(fmt::format("network.layers must start with {} ({} observations) and end with {} ({}), got [{}]",
                                 env->observation_size(), environment_, actions,
                                 env->discrete_actions() > 0 ? "one output per action" : "one continuous action",
                                 fmt::join(sizes, ", ")));
}

ControlTask::Workspace& ControlTask::workspace() const {
  Workspace& ws = workspaces_.local();
  if (!ws.env) {  // first use on this thread
    ws.env = make_environment(environment_);
    ws.params.resize(static_cast<Eigen::Index>(encoding_.network().param_count()));
    ws.observation.resize(ws.env->observation_size(), 1);
  }
  return ws;
}

double ControlTask::episode(Workspace& ws, Rng& reset, int* steps) const {
  Environment& env = *ws.env;
  env.reset(reset);
  const MlpShape& net = encoding_.network();
  const bool discrete = env.discrete_actions() > 0;
  double total = 0.0;
  int t = 0;
  while (t < env.max_steps()) {
    env.observe({ws.observation.data(), static_cast<std::size_t>(ws.observation.size())});
    const Matrix& out = mlp_forward(net, ws.params.data(), ws.observation, ws.mlp);
    if (rules_)
      for (int k = 0; k < net.layers(); ++k)
        rules_->update(ws.plasticity, k, net.weight(ws.params.data(), k), k == 0 ? ws.observation : ws.mlp.a[std::size_t(k) - 1],
                       ws.mlp.a[static_cast<std::size_t>(k)]);
    Eigen::Index best = 0;
    if (discrete) out.col(0).maxCoeff(&best);  // ties: the lowest index
    const double action = discrete ? static_cast<double>(best) : env.max_action() * std::tanh(double(out(0, 0)));
    const StepResult r = env.step(action);
    total += r.reward;
    ++t;
    if (r.terminated) break;
  }
  if (steps) *steps = t;
  return total;
}

double ControlTask::mean_return(GenomeView genome, Rng& birth, int episodes, const std::function<Rng(int)>& reset,
                                double* mean_steps) const {
  Workspace& ws = workspace();
  const GenomeView wiring = genome.first(encoding_.genome_size());
  const std::span<float> params(ws.params.data(), static_cast<std::size_t>(ws.params.size()));
  if (rules_) rules_->expand(genome.subspan(encoding_.genome_size()), ws.plasticity);
  else encoding_.decode(wiring, params, birth);
  double total = 0.0, steps = 0.0;
  for (int e = 0; e < episodes; ++e) {
    if (rules_) encoding_.decode(wiring, params, birth);  // each episode is a life: a new birth
    Rng r = reset(e);
    int t = 0;
    total += episode(ws, r, &t);
    steps += t;
  }
  if (mean_steps) *mean_steps = steps / episodes;
  return total / episodes;
}

double ControlTask::evaluate(GenomeView genome, Rng& rng, std::span<double> metrics) const {
  // One stream per individual: its birth, then its episodes' resets, in order.
  return mean_return(genome, rng, episodes_, [&](int) { return rng; }, &metrics[0]);
}

std::vector<std::pair<std::string, double>> ControlTask::final_scores(GenomeView genome, std::uint64_t seed,
                                                                      const std::filesystem::path&) const {
  auto fresh = [&](int e) { return stream({seed, 0, static_cast<std::uint64_t>(e), Purpose::final_evaluation}); };
  Rng birth = stream({seed, 1, 0, Purpose::final_evaluation});
  const double trained = mean_return(genome, birth, final_episodes_, fresh);

  // Chance: a uniformly random policy on the same episodes.
  auto env = make_environment(environment_);
  double chance = 0.0;
  for (int e = 0; e < final_episodes_; ++e) {
    Rng reset = fresh(e), act = stream({seed, 2, static_cast<std::uint64_t>(e), Purpose::final_evaluation});
    env->reset(reset);
    for (int t = 0; t < env->max_steps(); ++t) {
      const double a = env->discrete_actions() > 0
                           ? double(boost::random::uniform_int_distribution<int>(0, env->discrete_actions() - 1)(act))
                           : boost::random::uniform_real_distribution<double>(-env->max_action(), env->max_action())(act);
      const StepResult r = env->step(a);
      chance += r.reward;
      if (r.terminated) break;
    }
  }
  return {{"chance", chance / final_episodes_}, {arm_, trained}};
}

TaskEntry ControlTask::entry() {
  return {{"control",
           "a decoded network drives a Gymnasium control environment; score = mean return",
           {
               {"env", "\"CartPole-v1\"", "CartPole-v1, Acrobot-v1, Pendulum-v1 or MountainCarContinuous-v0"},
               {"episodes", "1", "episodes per evaluation (the score is their mean return)"},
               {"final_episodes", "100", "fresh seeded episodes that score the final genome in result.json"},
               {"arms", "[]", "run these arms side by side at one budget: \"innate\", \"plastic\", \"direct\" ([]: just this run)"},
           }},
          [](const Section& cfg, const TaskContext& context) -> std::unique_ptr<Task> {
            const auto* encoding = dynamic_cast<const NetworkEncoding*>(&context.encoding);
            if (!encoding)
              throw InputError(fmt::format("task 'control' needs a network encoding (direct, gnet, connectome, cppn, "
                                           "celltype), not \"{}\"",
                                           context.encoding.name()));
            const auto* rules = dynamic_cast<const HebbianRules*>(&context.lifetime);
            if (!rules && context.lifetime.kind() != "none")
              throw InputError(fmt::format("task 'control' needs lifetime.kind = \"none\" or \"hebbian\", not \"{}\"",
                                           context.lifetime.kind()));
            const std::string env = cfg.text("env");
            if (std::find(environment_names().begin(), environment_names().end(), env) == environment_names().end())
              cfg.fail("env", fmt::format("one of {}", fmt::join(environment_names(), ", ")));
            return std::make_unique<ControlTask>(*encoding, rules, env, static_cast<int>(cfg.integer("episodes", 1, 1'000'000)),
                                                 static_cast<int>(cfg.integer("final_episodes", 1, 1'000'000)));
          }};
}

}  // namespace innate
