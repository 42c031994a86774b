#include "engine/components/run_settings.hpp"

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"

namespace innate {

std::vector<KeySpec> run_keys() {
  return {
      {"name", "\"\"", "run name used in result.json and the default output directory (default: the file's stem)"},
      {"seed", "1", "run seed; every random draw derives from it"},
      {"generations", "50", "generations after the initial one (metrics.csv has generations + 1 rows)"},
      {"population", "100", "individuals per generation"},
      {"threads", "0", "worker threads, 0 = all cores (results do not depend on it)"},
      {"checkpoint_every", "10", "write a checkpoint every this many generations (and at the end)"},
      {"keep", "\"last\"",
       "the genome the final scores are of: \"last\" (the optimizer's recommendation at the end) or \"validation\" (of "
       "its recommendations every validate_every generations and at the end, the one that scores best on validation "
       "data as its fitness scores it: after the lifetime's learning, if it learns; that learning is budgeted)"},
      {"validate_every", "10",
       "with keep = \"validation\": generations between the recommendations scored on validation"},
      {"replicates", "1",
       "independent runs with seeds seed, seed+1, ...: replicate-k/ and summary.csv with 95% intervals"},
  };
}

Scenario named_scenario(const std::function<Scenario()>& load, const std::string& stem) {
  Scenario scenario = load();
  if (scenario.section("run").text("name").empty()) scenario.set_text("run", "name", stem);
  return scenario;
}

RunSettings read_run_settings(const Section& run) {
  RunSettings s;
  s.name = run.text("name");
  try {
    if (!s.name.empty()) check_entry_name(s.name, "run.name");  // it names the run's directory (empty: the file's stem)
  } catch (const InputError&) {
    run.fail("name", "a directory name (not '.' or '..', no '/', '\\' or control characters, at most 200 bytes)");
  }
  s.seed = static_cast<std::uint64_t>(run.integer("seed", 0));
  s.generations = static_cast<std::uint64_t>(run.integer("generations", 0, 100'000'000));
  s.population = static_cast<std::size_t>(run.integer("population", 1, 100'000'000));
  s.threads = static_cast<int>(run.integer("threads", 0, 4096));
  s.checkpoint_every = static_cast<std::uint64_t>(run.integer("checkpoint_every", 1));
  s.keep_validation = run.choice("keep", {"last", "validation"}) == "validation";
  s.validate_every = static_cast<std::uint64_t>(run.integer("validate_every", 1));
  return s;
}

}  // namespace innate
