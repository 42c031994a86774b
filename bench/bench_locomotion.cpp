// Environment steps per second on one core for the MuJoCo bodies, beside their limit and
// their peer, in one run:
//   innate  the environment as the control task steps it (ctrl, frame_skip mj_steps,
//           mj_rnePostConstraint, reward and termination), reset when an episode ends;
//   limit   bare mj_step on the same model along the same trajectory (the same episode
//           starts and actions), frame_skip of them per environment step, nothing else
//           (what the environment cannot beat);
//   gymnasium  Gymnasium's own environment stepped from Python (bench/peers/gymnasium_steps.py
//           in .bench-venv: bench/setup installs gymnasium and mujoco there).
// The same actions (0.3 U(-1, 1) a dimension) drive each (Gymnasium resets with its own
// noise, so its episodes end elsewhere); best of 5. Then innate on every
// thread count, one environment per thread.
// Prints CSV: env,engine,threads,steps_per_second,relative_to_limit
// Usage: bench_locomotion [--threads 1,2]
#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>

#include <boost/random/uniform_real_distribution.hpp>

#include "bench/bench_support.hpp"
#include "tasks/control/envs/mujoco_env.hpp"

using namespace innate;
using namespace innate::bench;

namespace {

constexpr int kSteps = 20'000, kFrameSkip = 5;

std::vector<double> actions(int width) {
  Rng rng = stream({1, 0, 0, Purpose::evaluate});
  boost::random::uniform_real_distribution<double> u(-0.3, 0.3);
  std::vector<double> a(static_cast<std::size_t>(kSteps * width));
  for (double& v : a) v = u(rng);
  return a;
}

// Where each episode of a run starts: the step and the state (qpos, qvel) after the reset.
using Starts = std::vector<std::pair<std::size_t, std::vector<double>>>;

// kSteps steps of innate's environment, reset when an episode ends (the same resets on
// every call); records the episode starts into `starts` when given.
void run_steps(const std::string& name, const std::vector<double>& a, Starts* starts = nullptr) {
  auto env = make_environment(name);
  const auto width = static_cast<std::size_t>(env->action_size());
  Rng reset = stream({1, 0, 1, Purpose::evaluate});
  auto begin = [&](std::size_t step) {
    env->reset(reset);
    if (starts) starts->emplace_back(step, std::vector<double>(env->state().begin(), env->state().end()));
  };
  begin(0);
  int t = 0;
  for (std::size_t s = 0; s < kSteps; ++s) {
    const StepResult r = env->step(std::span<const double>(a.data() + s * width, width));
    if (r.terminated || ++t == env->max_steps()) {
      begin(s + 1);
      t = 0;
    }
  }
}

// The same trajectory in bare mj_step calls on the same model: each episode set to the
// start innate's run reset to (no mj_forward), the same actions, frame_skip steps each.
double limit_rate(const std::string& name, const std::vector<double>& a) {
  Starts starts;
  run_steps(name, a, &starts);
  auto env = make_environment(name);
  const mjModel* m = &dynamic_cast<const MujocoEnvironment&>(*env).model();
  mjData* d = mj_makeData(m);
  const auto width = static_cast<std::size_t>(m->nu);
  const double rate = kSteps / best_seconds(5, [&] {
                        std::size_t next = 0;
                        for (std::size_t s = 0; s < kSteps; ++s) {
                          if (next < starts.size() && starts[next].first == s) {
                            mj_resetData(m, d);
                            const auto& state = starts[next++].second;
                            std::copy(state.begin(), state.begin() + m->nq, d->qpos);
                            std::copy(state.begin() + m->nq, state.end(), d->qvel);
                          }
                          std::copy(a.begin() + long(s * width), a.begin() + long((s + 1) * width), d->ctrl);
                          for (int f = 0; f < kFrameSkip; ++f) mj_step(m, d);
                        }
                      });
  mj_deleteData(d);
  return rate;
}

double gymnasium_rate(const std::string& name) {
  for (const std::string& line : run_peer_script(
           peer_python(), "gymnasium", fmt::format("gymnasium_steps.py {} {} 3", name, kSteps), "gymnasium")) {
    if (line.rfind("gymnasium,", 0) == 0) return std::stod(line.substr(line.rfind(',') + 1));
    fmt::print("# gymnasium: {}\n", line);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<int> threads = thread_list(argc, argv);
  fmt::print("env,engine,threads,steps_per_second,relative_to_limit\n");
  for (const std::string name : {"HalfCheetah-v5", "Ant-v5"}) {
    const auto a = actions(make_environment(name)->action_size());
    const double limit = limit_rate(name, a), mine = kSteps / best_seconds(5, [&] { run_steps(name, a); });
    const double peer = gymnasium_rate(name);
    fmt::print("{},limit,1,{:.0f},1.00\n{},innate,1,{:.0f},{:.2f}\n", name, limit, name, mine, mine / limit);
    if (peer > 0) fmt::print("{},gymnasium,1,{:.0f},{:.2f}\n", name, peer, peer / limit);
    for (int n : threads) {
      if (n == 1) continue;
      const double seconds = with_threads(
          n, [&] { return best_seconds(3, [&] { tbb::parallel_for(0, n, [&](int) { run_steps(name, a); }); }); });
      fmt::print("{},innate,{},{:.0f},\n", name, n, double(n) * kSteps / seconds);
    }
    fmt::print("# {}: innate / limit = {:.2f}; innate / gymnasium = {}\n", name, mine / limit,
               peer > 0 ? fmt::format("{:.1f}", mine / peer) : "n/a (bench/setup installs gymnasium)");
  }
}
