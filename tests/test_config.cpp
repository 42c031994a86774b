#include <doctest/doctest.h>

#include <limits>

#include "engine/base/error.hpp"
#include "engine/formats/config.hpp"

using namespace innate;

namespace {

// A small schema of its own, so these tests do not depend on the built-in catalog.
Schema schema() {
  return {
      {"task",
       "name",
       "alpha",
       {},
       {{"alpha", "", {{"size", "3", ""}, {"rate", "0.5", ""}, {"mode", "\"fast\"", ""}}},
        {"beta", "", {{"layers", "[4, 2]", ""}}}}},
      {"run", "", "", {{"seed", "1", ""}, {"threads", "0", ""}, {"population", "10", ""}}, {}},
  };
}

std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    (void)Scenario::from_text(text, "s.toml", sets, schema());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("defaults fill every key the chosen components declare") {
  const Scenario s = Scenario::from_text("[task]\nname = \"alpha\"\n", "s.toml", {}, schema());
  const Section task = s.section("task");
  CHECK(task.integer("size") == 3);
  CHECK(task.real("rate") == 0.5);
  CHECK(task.text("mode") == "fast");
  CHECK(s.section("run").integer("population") == 10);
}

TEST_CASE("--set overrides file values, read as TOML literals") {
  const Scenario s = Scenario::from_text("[task]\nsize = 5\n[run]\nseed = 2\n", "s.toml",
                                         {"run.seed=3", "task.rate=2", "task.mode=\"slow\""}, schema());
  CHECK(s.section("run").integer("seed") == 3);
  CHECK(s.section("task").real("rate") == 2.0);  // an integer is accepted for a number
  CHECK(s.section("task").text("mode") == "slow");
  CHECK(s.section("task").integer("size") == 5);
  const Scenario arrays = Scenario::from_text("", "s.toml", {"task.name=\"beta\"", "task.layers=[30, 10]"}, schema());
  CHECK(arrays.section("task").integers("layers", 1, 100) == std::vector<std::int64_t>{30, 10});
}

TEST_CASE("a bare word given to --set is a string (the shell ate the quotes)") {
  const Scenario s = Scenario::from_text("", "s.toml", {"task.mode=slow"}, schema());
  CHECK(s.section("task").text("mode") == "slow");
}

TEST_CASE("unknown keys are rejected with the nearest valid name and the line") {
  CHECK(error_of("[run]\nseed = 1\npopulaton = 5\n") ==
        "s.toml:3: unknown key 'run.populaton' (did you mean 'run.population'?)");
  CHECK(error_of("[run]\nsize = 5\n") == "s.toml:2: unknown key 'run.size' (did you mean 'task.size'?)");
  CHECK(error_of("[tsak]\nsize = 5\n") == "s.toml:1: unknown section 'tsak' (did you mean 'task'?)");
  CHECK(error_of("", {"run.sed=4"}) == "--set run.sed=4: unknown key 'run.sed' (did you mean 'run.seed'?)");
  // A key of another choice of the same section is not accepted either.
  CHECK(error_of("[task]\nlayers = [1]\n").find("unknown key 'task.layers'") != std::string::npos);
}

TEST_CASE("wrong types and unknown choices name file, line, key and what was expected") {
  CHECK(error_of("[task]\nsize = \"big\"\n") == "s.toml:2: task.size: expected an integer, got 'big'");
  CHECK(error_of("[task]\nname = \"gamma\"\n") == "s.toml:2: task.name: expected one of alpha, beta, got 'gamma'");
  CHECK(error_of("[task]\nname = \"alph\"\n").find("(did you mean 'alpha'?)") != std::string::npos);
  CHECK(error_of("", {"task.name=beta", "task.layers=[1, \"x\"]"}).find("expected an array of integers") !=
        std::string::npos);
  CHECK(error_of("[task]\nsize = [\n").rfind("s.toml:", 0) == 0);  // TOML syntax errors keep their place
  CHECK(error_of("", {"run.seed"}) == "--set run.seed: expected section.key=value");
}

TEST_CASE("range checks report where the value came from") {
  const Scenario s = Scenario::from_text("[run]\npopulation = -5\n", "s.toml", {}, schema());
  try {
    s.section("run").integer("population", 1);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "s.toml:2: run.population: expected an integer >= 1, got -5");
  }
}

TEST_CASE("real keys refuse infinities and NaN, whatever their range") {
  auto message = [](const std::string& value, double min, double max) {
    const Scenario s = Scenario::from_text("", "s.toml", {"task.rate=" + value}, schema());
    try {
      s.section("task").real("rate", min, max);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(message("inf", 1e-12, inf) == "--set task.rate=inf: task.rate: expected a finite number >= 1e-12, got inf");
  CHECK(message("-inf", -inf, inf) == "--set task.rate=-inf: task.rate: expected a finite number, got -inf");
  CHECK(message("nan", 0.0, 1.0) == "--set task.rate=nan: task.rate: expected a finite number in [0, 1], got nan");
  CHECK(message("2.5", -inf, 1.0) == "--set task.rate=2.5: task.rate: expected a finite number <= 1, got 2.5");
  CHECK(message("0.25", 0.0, 1.0).empty());
}

TEST_CASE("the resolved scenario reads back to itself, and its fingerprint ignores threads only") {
  const Scenario s = Scenario::from_text("[task]\nrate = 0.1\n", "s.toml", {"run.threads=3"}, schema());
  const Scenario again = Scenario::from_text(s.to_toml(), "again.toml", {}, schema());
  CHECK(again.to_toml() == s.to_toml());
  CHECK(s.to_toml().find("rate = 0.1\n") != std::string::npos);
  const Scenario other_threads = Scenario::from_text(s.to_toml(), "x", {"run.threads=1"}, schema());
  CHECK(other_threads.fingerprint() == s.fingerprint());
  const Scenario other_seed = Scenario::from_text(s.to_toml(), "x", {"run.seed=9"}, schema());
  CHECK(other_seed.fingerprint() != s.fingerprint());
  // 2 and 2.0 for a real-valued key resolve alike.
  CHECK(Scenario::from_text("", "x", {"task.rate=2"}, schema()).fingerprint() ==
        Scenario::from_text("", "x", {"task.rate=2.0"}, schema()).fingerprint());
}
