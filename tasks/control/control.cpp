#include "tasks/control/control.hpp"

#include <fmt/format.h>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <cmath>

#include "engine/base/error.hpp"
#include "engine/base/statistics.hpp"

namespace innate {

ControlTask::ControlTask(MlpShape network, std::string environment, int episodes, int final_episodes,
                         std::string score_name, double lifetime_flops_per_step, int validation_episodes)
    : network_(std::move(network)),
      environment_(std::move(environment)),
      episodes_(episodes),
      final_episodes_(final_episodes),
      validation_episodes_(validation_episodes),
      score_name_(std::move(score_name)),
      flops_per_step_(2.0 * double(network_.param_count()) + lifetime_flops_per_step) {
  const auto env = make_environment(environment_);
  const auto& sizes = network_.sizes;
  const int actions = env->discrete_actions() > 0 ? env->discrete_actions() : 1;
  if (sizes.front() != env->observation_size() || sizes.back() != actions)
    throw InputError(fmt::format("network.layers must start with {} ({} observations) and end with {} ({}), got [{}]",
                                 env->observation_size(), environment_, actions,
                                 env->discrete_actions() > 0 ? "one output per action" : "one continuous action",
                                 fmt::join(sizes, ", ")));
}

ControlTask::Workspace& ControlTask::workspace(const Lifetime& lifetime) const {
  Workspace& ws = workspaces_.local();
  if (!ws.env) {  // first use on this thread
    ws.env = make_environment(environment_);
    ws.params.resize(static_cast<Eigen::Index>(network_.param_count()));
    ws.observation.resize(ws.env->observation_size(), 1);
  }
  if (ws.life_of != &lifetime) {  // a task evaluated under another lifetime: its own state
    ws.life = lifetime.new_state();
    ws.life_of = &lifetime;
  }
  return ws;
}

double ControlTask::episode(Workspace& ws, const Lifetime& lifetime, Rng& reset, int* steps) const {
  Environment& env = *ws.env;
  env.reset(reset);
  const bool discrete = env.discrete_actions() > 0;
  double total = 0.0;
  int t = 0;
  while (t < env.max_steps()) {
    env.observe({ws.observation.data(), static_cast<std::size_t>(ws.observation.size())});
    const Matrix& out = mlp_forward(network_, ws.params.data(), ws.observation, ws.mlp);
    lifetime.after_forward(ws.life.get(), network_, ws.params.data(), ws.observation, ws.mlp);
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

double ControlTask::mean_return(const Individual& individual, Rng& birth, int episodes,
                                const std::function<Rng(int)>& reset, double* mean_steps,
                                std::vector<double>* returns) const {
  const Lifetime& lifetime = individual.lifetime();
  Workspace& ws = workspace(lifetime);
  const std::span<float> params(ws.params.data(), static_cast<std::size_t>(ws.params.size()));
  // A plastic life starts anew every episode; its rules are the same for every birth,
  // so they are expanded once.
  const bool plastic = lifetime.experience() == Experience::activity;
  if (plastic)
    lifetime.birth(individual.lifetime_genes(), ws.life.get());
  else
    individual.develop(params, birth);
  double total = 0.0, steps = 0.0;
  for (int e = 0; e < episodes; ++e) {
    if (plastic) individual.develop(params, birth);
    Rng r = reset(e);
    int t = 0;
    const double g = episode(ws, lifetime, r, &t);
    total += g;
    steps += t;
    if (returns) returns->push_back(g);
  }
  if (mean_steps) *mean_steps = steps / episodes;
  return total / episodes;
}

double ControlTask::evaluate(const Individual& individual, const Draws& draws, std::span<double> metrics) const {
  // The birth from the individual's own stream; episode e starts where episode e of every
  // other individual of this generation starts (common random numbers).
  return mean_return(
      individual, draws.own(), episodes_, [&](int e) { return draws.common(std::uint64_t(e)); }, &metrics[0]);
}

Budget ControlTask::evaluation_cost(std::span<const double> metrics) const {
  // metrics[0]: the mean episode length of the evaluation's `episodes_` episodes.
  const auto steps = static_cast<std::uint64_t>(std::llround(metrics[0] * episodes_));
  return {0, 0, 0, steps, flops_per_step_ * double(steps)};
}

FinalScores ControlTask::final_scores(const Individual& individual, const Budget& run, std::uint64_t seed,
                                      const std::filesystem::path&) const {
  // Every arm's final episodes are these: episode e starts from the same state for every
  // run of the same seed.
  auto fresh = [&](int e) { return stream({seed, 0, static_cast<std::uint64_t>(e), Purpose::final_evaluation}); };
  Rng birth = stream({seed, 1, 0, Purpose::final_evaluation});
  const double trained = mean_return(individual, birth, final_episodes_, fresh);

  // Chance: a uniformly random policy on the same episodes.
  auto env = make_environment(environment_);
  double chance = 0.0;
  for (int e = 0; e < final_episodes_; ++e) {
    Rng reset = fresh(e), act = stream({seed, 2, static_cast<std::uint64_t>(e), Purpose::final_evaluation});
    env->reset(reset);
    for (int t = 0; t < env->max_steps(); ++t) {
      const double a =
          env->discrete_actions() > 0
              ? double(boost::random::uniform_int_distribution<int>(0, env->discrete_actions() - 1)(act))
              : boost::random::uniform_real_distribution<double>(-env->max_action(), env->max_action())(act);
      const StepResult r = env->step(a);
      chance += r.reward;
      if (r.terminated) break;
    }
  }
  FinalScores out;
  out.test = {{"chance", chance / final_episodes_}, {score_name_, trained}};
  out.budgets = {{"chance", {}}, {score_name_, run}};
  return out;
}

double ControlTask::validation_score(const Individual& individual, std::uint64_t seed) const {
  return validation_interval(individual, seed).score;
}

ScoreInterval ControlTask::validation_interval(const Individual& individual, std::uint64_t seed) const {
  // Streams of their own (keys 3 and 4): never an episode the final scores play.
  auto fresh = [&](int e) { return stream({seed, 3, static_cast<std::uint64_t>(e), Purpose::final_evaluation}); };
  Rng birth = stream({seed, 4, 0, Purpose::final_evaluation});
  std::vector<double> returns;
  const double mean = mean_return(individual, birth, validation_episodes_, fresh, nullptr, &returns);
  return {mean, validation_episodes_ > 1 ? t_interval(returns).high - mean : 0.0};
}

TaskEntry ControlTask::entry() {
  TaskEntry e;
  e.choice = {
      "control",
      "a decoded network drives a Gymnasium control environment; score = mean return",
      {
          {"env", "\"CartPole-v1\"", "CartPole-v1, Acrobot-v1, Pendulum-v1 or MountainCarContinuous-v0"},
          {"episodes", "1", "episodes per evaluation (the score is their mean return)"},
          {"final_episodes", "100", "fresh seeded episodes that score the final genome in result.json"},
          {"validation_episodes", "100",
           "seeded episodes apart from the final ones that score a genome on validation (run.keep = \"validation\", "
           "the effective bits)"},
          {"arms", "[]",
           "run these arms side by side at one budget: \"innate\", \"plastic\", \"direct\" ([]: just this run)"},
      }};
  // The arms: a compact wiring genome, Hebbian rules on random weights at every birth,
  // and every weight in the genome (the reference for the nature fraction).
  e.measures.columns = {"episode_steps"};
  e.measures.scores = {"chance", "innate", "plastic", "direct"};
  e.measures.paired = {{"innate", "chance"}, {"plastic", "innate"}};
  e.measures.fraction = {"chance", "innate", "direct"};
  e.measures.arms = {
      {"innate", {{"lifetime", "none"}}, {{"genome", "random"}}},
      {"plastic", {{"genome", "random"}, {"lifetime", "hebbian"}}, {}},
      {"direct", {{"genome", "direct"}, {"lifetime", "none"}}, {}},
  };
  e.make = [](const Section& cfg, const TaskContext& context) -> std::unique_ptr<Task> {
    if (!context.phenotype.network || context.encoding.phenotype_size() != context.phenotype.network->param_count())
      throw InputError(
          fmt::format("task 'control' needs a network encoding (direct, gnet, connectome, cppn, celltype, "
                      "random) and a [network] section, not \"{}\"",
                      context.encoding.name()));
    // Plasticity driven by the network's activity, or none.
    require_experience(context.lifetime, "control", {Experience::none, Experience::activity},
                       "\"none\" or \"hebbian\"");
    const std::string env = cfg.text("env");
    if (std::find(environment_names().begin(), environment_names().end(), env) == environment_names().end())
      cfg.fail("env", fmt::format("one of {}", fmt::join(environment_names(), ", ")));
    // The score names the arm this run measures: evolved rules, every weight, or a wiring genome.
    const std::string score = context.lifetime.genome_size()        ? "plastic"
                              : context.encoding.name() == "direct" ? "direct"
                                                                    : "innate";
    return std::make_unique<ControlTask>(*context.phenotype.network, env,
                                         static_cast<int>(cfg.integer("episodes", 1, 1'000'000)),
                                         static_cast<int>(cfg.integer("final_episodes", 1, 1'000'000)), score,
                                         context.lifetime.flops_per_step(*context.phenotype.network),
                                         static_cast<int>(cfg.integer("validation_episodes", 1, 1'000'000)));
  };
  return e;
}

}  // namespace innate
