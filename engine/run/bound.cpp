#include "engine/run/bound.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "engine/run/memory.hpp"

namespace innate {

namespace {

// What the run will hold at most, from its sizes (the threads: run.threads, or every core).
MemoryNeed memory_need(const Bound& b, const OptimizerEntry& optimizer) {
  MemoryNeed need;
  need.genes = b.genome->genome_size();
  need.phenotype = b.genome->phenotype_size();
  need.population = b.run.population;
  const auto cores = static_cast<std::size_t>(std::max(1u, std::thread::hardware_concurrency()));
  need.threads = b.run.threads > 0 ? std::min<std::size_t>(std::size_t(b.run.threads), cores) : cores;
  if (optimizer.state_bytes) need.optimizer_bytes = optimizer.state_bytes(need.genes, need.population);
  return need;
}

}  // namespace

Bound bind(const Scenario& scenario, const Catalog& catalog) {
  Bound b;
  const Section run = scenario.section("run");
  b.run = read_run_settings(run);

  const Section task = scenario.section("task");
  const TaskEntry& task_kind = task_entry(scenario, catalog);
  b.measures = task_measures(scenario, catalog);
  b.phenotype = encoding_context(scenario, catalog);
  b.encoding = make_encoding(scenario, catalog);
  b.lifetime = make_lifetime(scenario, catalog, *b.encoding);
  b.genome = std::make_unique<GenomeLayout>(*b.encoding, *b.lifetime);
  const OptimizerEntry& optimizer_kind = find_entry(catalog.optimizers, scenario.section("optimizer").text("kind"));
  check_memory(memory_need(b, optimizer_kind), available_memory_bytes());  // before anything large is built
  b.task = task_kind.make(task, TaskContext{*b.encoding, *b.lifetime, b.run.seed, b.phenotype});
  if (b.run.keep_validation && !b.task->scores_validation())
    throw InputError(fmt::format("run.keep = \"validation\": task '{}' holds no validation data", task.text("name")));
  b.optimizer = make_optimizer(b, scenario, catalog);
  b.header = {scenario.fingerprint(), fmt::format("{}/{}", b.genome->name(), b.genome->genome_size())};
  return b;
}

std::unique_ptr<Optimizer> make_optimizer(const Bound& b, const Scenario& scenario, const Catalog& catalog) {
  const Section optimizer = scenario.section("optimizer");
  return find_entry(catalog.optimizers, optimizer.text("kind"))
      .make(optimizer, OptimizerContext{*b.genome, b.run.population, b.run.seed, b.run.generations,
                                        b.task->supervision(), b.phenotype.network});
}

}  // namespace innate
