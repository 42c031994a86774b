#include "tasks/control/control.hpp"

#include <fmt/format.h>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <cmath>
#include <numeric>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/statistics.hpp"
#include "engine/base/text.hpp"

namespace innate {

ControlTask::ControlTask(MlpShape network, ControlSettings settings)
    : network_(std::move(network)),
      settings_(std::move(settings)),
      flops_per_step_(2.0 * double(network_.param_count()) + settings_.lifetime_flops_per_step) {
  std::vector<std::string> bodies = settings_.bodies;
  for (const auto& [name, body] : settings_.test_bodies) bodies.push_back(body);
  for (const std::string& body : bodies) make_environment(settings_.environment, body);  // each body checked now
  const auto env = make_environment(settings_.environment);
  const auto& sizes = network_.sizes;
  const int actions = env->discrete_actions() > 0 ? env->discrete_actions() : env->action_size();
  if (sizes.front() != env->observation_size() || sizes.back() != actions)
    throw InputError(fmt::format("network.layers must start with {} ({} observations) and end with {} ({}), got [{}]",
                                 env->observation_size(), settings_.environment, actions,
                                 env->discrete_actions() > 0 ? "one output per action" : "one per action dimension",
                                 fmt::join(sizes, ", ")));
}

ControlTask::Workspace& ControlTask::workspace(const Lifetime& lifetime) const {
  Workspace& ws = workspaces_.local();
  if (ws.envs.empty()) {  // first use on this thread: the first training body's environment sizes the buffers
    const auto& env = ws.envs[settings_.bodies.front()] =
        make_environment(settings_.environment, settings_.bodies.front());
    ws.params.resize(static_cast<Eigen::Index>(network_.param_count()));
    ws.observation.resize(env->observation_size(), 1);
    ws.action.resize(static_cast<std::size_t>(env->action_size()));
  }
  if (ws.life_of != &lifetime) {  // a task evaluated under another lifetime: its own state
    ws.life = lifetime.new_state();
    ws.life_of = &lifetime;
  }
  return ws;
}

double ControlTask::episode(Workspace& ws, Environment& env, const Lifetime& lifetime, Rng& reset, int* steps,
                            double* distance, const std::function<void()>& after_step) const {
  env.reset(reset);
  const double start = env.progress();
  const bool discrete = env.discrete_actions() > 0;
  double total = 0.0;
  int t = 0;
  while (t < env.max_steps()) {
    env.observe({ws.observation.data(), static_cast<std::size_t>(ws.observation.size())});
    const Matrix& out = mlp_forward(network_, ws.params.data(), ws.observation, ws.mlp);
    lifetime.after_forward(ws.life.get(), network_, ws.params.data(), ws.observation, ws.mlp);
    if (discrete) {
      Eigen::Index best = 0;
      out.col(0).maxCoeff(&best);  // ties: the lowest index
      ws.action[0] = static_cast<double>(best);
    } else {
      for (std::size_t i = 0; i < ws.action.size(); ++i)
        ws.action[i] = env.max_action() * std::tanh(double(out(Eigen::Index(i), 0)));
    }
    const StepResult r = env.step(ws.action);
    total += r.reward;
    ++t;
    if (after_step) after_step();
    if (r.terminated) break;
  }
  *steps = t;
  *distance = env.progress() - start;
  return total;
}

Episodes ControlTask::play(const Individual& individual, Rng& birth, const std::vector<std::string>& bodies,
                           int episodes, const std::function<Rng(int)>& reset) const {
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
  Episodes out;
  for (std::size_t b = 0; b < bodies.size(); ++b) {
    auto& env = ws.envs[bodies[b]];
    if (!env) env = make_environment(settings_.environment, bodies[b]);
    for (int e = 0; e < episodes; ++e) {
      if (plastic) individual.develop(params, birth);
      Rng r = reset(static_cast<int>(b) * episodes + e);
      int t = 0;
      double distance = 0.0;
      out.returns.push_back(episode(ws, *env, lifetime, r, &t, &distance));
      out.mean_steps += t;
      out.mean_distance += distance;
    }
  }
  const auto n = static_cast<double>(out.returns.size());
  out.mean_return = std::accumulate(out.returns.begin(), out.returns.end(), 0.0) / n;
  out.mean_steps /= n;
  out.mean_distance /= n;
  return out;
}

double ControlTask::evaluate(const Individual& individual, const Draws& draws, std::span<double> metrics) const {
  // The birth from the individual's own stream; episode e starts where episode e of every
  // other individual of this generation starts (common random numbers).
  const Episodes r = play(individual, draws.own(), settings_.bodies, settings_.episodes,
                          [&](int e) { return draws.common(std::uint64_t(e)); });
  metrics[0] = r.mean_steps;
  return r.mean_return;
}

Budget ControlTask::evaluation_cost(std::span<const double> metrics) const {
  // metrics[0]: the mean episode length of the evaluation's episodes on every body.
  const double episodes = double(settings_.episodes) * double(settings_.bodies.size());
  const auto steps = static_cast<std::uint64_t>(std::llround(metrics[0] * episodes));
  return {0, 0, 0, steps, flops_per_step_ * double(steps)};
}

Episodes ControlTask::chance(const std::vector<std::string>& bodies, std::uint64_t seed) const {
  Episodes out;
  for (std::size_t b = 0; b < bodies.size(); ++b) {
    auto env = make_environment(settings_.environment, bodies[b]);
    std::vector<double> a(static_cast<std::size_t>(env->action_size()));
    for (int e = 0; e < settings_.final_episodes; ++e) {
      const auto k = static_cast<std::uint64_t>(static_cast<int>(b) * settings_.final_episodes + e);
      Rng reset = stream({seed, 0, k, Purpose::final_evaluation}),
          act = stream({seed, 2, k, Purpose::final_evaluation});
      env->reset(reset);
      const double start = env->progress();
      double total = 0.0;
      for (int t = 0; t < env->max_steps(); ++t) {
        for (double& v : a)
          v = env->discrete_actions() > 0
                  ? double(boost::random::uniform_int_distribution<int>(0, env->discrete_actions() - 1)(act))
                  : boost::random::uniform_real_distribution<double>(-env->max_action(), env->max_action())(act);
        const StepResult r = env->step(a);
        total += r.reward;
        if (r.terminated) break;
      }
      out.returns.push_back(total);
      out.mean_distance += env->progress() - start;
    }
  }
  const auto n = static_cast<double>(out.returns.size());
  out.mean_return = std::accumulate(out.returns.begin(), out.returns.end(), 0.0) / n;
  out.mean_distance /= n;
  return out;
}

void ControlTask::write_life(const Individual& individual, std::uint64_t seed, const std::filesystem::path& dir) const {
  const Lifetime& lifetime = individual.lifetime();
  Workspace& ws = workspace(lifetime);
  lifetime.birth(individual.lifetime_genes(), ws.life.get());
  Rng birth = stream({seed, 1, 0, Purpose::final_evaluation}), reset = stream({seed, 0, 0, Purpose::final_evaluation});
  individual.develop({ws.params.data(), static_cast<std::size_t>(ws.params.size())}, birth);
  const Eigen::VectorXf born = ws.params;
  const int layers = static_cast<int>(network_.sizes.size()) - 1;
  std::string csv = "step";
  for (int l = 0; l < layers; ++l) csv += fmt::format(",layer {}", l + 1);
  csv += "\n";
  int t = 0, steps = 0;
  double distance = 0.0;
  auto& env = ws.envs[settings_.bodies.front()];
  if (!env) env = make_environment(settings_.environment, settings_.bodies.front());
  episode(ws, *env, lifetime, reset, &steps, &distance, [&] {
    csv += fmt::format("{}", ++t);
    for (int l = 0; l < layers; ++l) {
      const auto first = static_cast<Eigen::Index>(network_.weight_offset(l));
      const auto count = static_cast<Eigen::Index>(network_.sizes[l]) * network_.sizes[l + 1];
      const float moved = (ws.params.segment(first, count) - born.segment(first, count)).cwiseAbs().mean();
      csv += fmt::format(",{}", format_number(moved));
    }
    csv += "\n";
  });
  write_file_atomic(dir / "life.csv", csv);
}

FinalScores ControlTask::final_scores(const Individual& individual, const Budget& run, std::uint64_t seed,
                                      const std::filesystem::path& dir) const {
  // Every arm's final episodes are these: episode e starts from the same state for every
  // run of the same seed, on every test body too (with the same births).
  auto fresh = [&](int e) { return stream({seed, 0, static_cast<std::uint64_t>(e), Purpose::final_evaluation}); };
  auto birth = [&] { return stream({seed, 1, 0, Purpose::final_evaluation}); };
  Rng first = birth();
  const std::string& arm = settings_.score_name;
  FinalScores out;
  out.test = {{"chance", chance(settings_.bodies, seed).mean_return},
              {arm, play(individual, first, settings_.bodies, settings_.final_episodes, fresh).mean_return}};
  out.budgets = {{"chance", {}}, {arm, run}};
  if (!dir.empty() && individual.lifetime().experience() == Experience::activity) write_life(individual, seed, dir);
  for (const auto& [name, body] : settings_.test_bodies) {
    Rng b = birth();
    const Episodes mine = play(individual, b, {body}, settings_.final_episodes, fresh), random = chance({body}, seed);
    out.test.insert(out.test.end(), {{"chance_" + name, random.mean_return},
                                     {arm + "_" + name, mine.mean_return},
                                     {"chance_" + name + "_distance", random.mean_distance},
                                     {arm + "_" + name + "_distance", mine.mean_distance}});
  }
  return out;
}

double ControlTask::validation_score(const Individual& individual, std::uint64_t seed) const {
  return validation_interval(individual, seed).score;
}

ScoreInterval ControlTask::validation_interval(const Individual& individual, std::uint64_t seed) const {
  // Streams of their own (keys 3 and 4): never an episode the final scores play.
  auto fresh = [&](int e) { return stream({seed, 3, static_cast<std::uint64_t>(e), Purpose::final_evaluation}); };
  Rng birth = stream({seed, 4, 0, Purpose::final_evaluation});
  const Episodes r = play(individual, birth, settings_.bodies, settings_.validation_episodes, fresh);
  return {r.mean_return, r.returns.size() > 1 ? t_interval(r.returns).high - r.mean_return : 0.0};
}

namespace {

// The scores of each named test body (ControlSettings::test_bodies), after the declared ones.
Measures with_test_bodies(const Section& task, Measures m) {
  for (const auto& [name, body] : task.named_texts("test_bodies")) {
    for (const char* arm : {"chance", "innate", "plastic", "direct"})
      m.scores.push_back(fmt::format("{}_{}", arm, name));
    for (const char* arm : {"chance", "innate", "plastic", "direct"})
      m.scores.push_back(fmt::format("{}_{}_distance", arm, name));
    m.paired.emplace_back("innate_" + name, "chance_" + name);
    m.paired.emplace_back("plastic_" + name, "innate_" + name);
    m.paired.emplace_back("plastic_" + name + "_distance", "innate_" + name + "_distance");
  }
  return m;
}

ControlSettings read_control(const Section& cfg, const TaskContext& context) {
  ControlSettings s;
  s.environment = cfg.text("env");
  if (std::find(environment_names().begin(), environment_names().end(), s.environment) == environment_names().end())
    cfg.fail("env", fmt::format("one of {}", fmt::join(environment_names(), ", ")));
  s.episodes = static_cast<int>(cfg.integer("episodes", 1, 1'000'000));
  s.final_episodes = static_cast<int>(cfg.integer("final_episodes", 1, 1'000'000));
  s.validation_episodes = static_cast<int>(cfg.integer("validation_episodes", 1, 1'000'000));
  // The score names the arm this run measures: evolved rules, every weight, or a wiring genome.
  s.score_name = context.lifetime.genome_size() ? "plastic" : context.encoding.name() == "direct" ? "direct" : "innate";
  s.lifetime_flops_per_step = context.lifetime.flops_per_step(*context.phenotype.network);
  s.bodies = cfg.texts("bodies", {});
  if (s.bodies.empty()) cfg.fail("bodies", "at least one body (\"intact\")");
  s.test_bodies = cfg.named_texts("test_bodies");
  for (const auto& [name, body] : s.test_bodies)
    if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
      cfg.fail("test_bodies",
               fmt::format("names of lower-case letters, digits and '_' (a score is named by it), got '{}'", name));
  return s;
}

}  // namespace

TaskEntry ControlTask::entry() {
  TaskEntry e;
  e.choice = {
      "control",
      "a decoded network drives a Gymnasium control environment; score = mean return",
      {
          {"env", "\"CartPole-v1\"", fmt::format("{}", fmt::join(environment_names(), ", "))},
          {"episodes", "1", "episodes per evaluation (the score is their mean return)"},
          {"final_episodes", "100", "fresh seeded episodes that score the final genome in result.json"},
          {"validation_episodes", "100",
           "seeded episodes apart from the final ones that score a genome on validation (run.keep = \"validation\", "
           "the effective bits)"},
          {"bodies", "[\"intact\"]",
           "the bodies evaluations play their episodes on (a MuJoCo body: \"intact\" or changes joined by '+': "
           "\"limb:GEOM=F\", \"mass:BODY=F\", \"friction=F\")"},
          {"test_bodies", "{}",
           "more bodies the final genome is scored on, by name (seen = \"limb:right_ankle_geom=0.5\"): scores "
           "ARM_NAME and ARM_NAME_distance"},
          {"arms", "[]",
           "run these arms side by side at one budget: \"innate\", \"plastic\", \"direct\" ([]: just this run)"},
      }};
  // The arms: a compact wiring genome, Hebbian rules on random weights at every birth,
  // and every weight in the genome (the reference for the nature fraction).
  e.measures.columns = {"episode_steps"};
  e.measures.curves = {{"life.csv", "step",
                        "how far each layer's weights move from birth during one life (plastic runs)",
                        "step of the first final episode", "mean |w - w at birth|"}};
  e.measures.scores = {"chance", "innate", "plastic", "direct"};
  e.measures.paired = {{"innate", "chance"}, {"plastic", "innate"}};
  e.measures.fraction = {"chance", "innate", "direct"};
  e.measures_for = with_test_bodies;
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
    return std::make_unique<ControlTask>(*context.phenotype.network, read_control(cfg, context));
  };
  return e;
}

}  // namespace innate
