#include "tasks/catalog.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "engine/components/run_settings.hpp"
#include "engine/optimizers/optimizers.hpp"
#include "genomes/alleles.hpp"
#include "genomes/celltype.hpp"
#include "genomes/connectome.hpp"
#include "genomes/cppn.hpp"
#include "genomes/direct.hpp"
#include "genomes/gnet.hpp"
#include "genomes/hebbian.hpp"
#include "genomes/learning.hpp"
#include "genomes/random_weights.hpp"
#include "genomes/trials.hpp"
#include "tasks/baldwin/baldwin.hpp"
#include "tasks/control/control.hpp"
#include "tasks/images/images.hpp"
#include "tasks/tictactoe/tictactoe.hpp"

namespace innate {

// One line per component: this is where a new task, encoding, optimizer or lifetime is added.
const Catalog& builtin_catalog() {
  static const Catalog catalog = [] {
    Catalog c;
    c.tasks = {BaldwinTask::entry(), ControlTask::entry(), ImagesTask::entry(), TicTacToeTask::entry()};
    c.encodings = {Alleles::entry(), Direct::entry(),   GNet::entry(),         Connectome::entry(),
                   Cppn::entry(),    CellType::entry(), RandomWeights::entry()};
    c.optimizers = {GeneticAlgorithm::entry(), OpenAiEs::entry(),     Snes::entry(),    CmaEs::entry(true),
                    CmaEs::entry(false),       Intermittent::entry(), Gradient::entry()};
    c.lifetimes = {no_lifetime_entry(), TrialLearning::entry(), HebbianRules::entry(), SupervisedLearning::entry()};
    return c;
  }();
  return catalog;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets) {
  if (path.empty())
    return load_scenario_text(default_scenario_text(), "(built-in default)", kDefaultScenarioName, sets);
  const Schema schema = builtin_catalog().schema();
  return named_scenario([&] { return Scenario::from_file(path, sets, schema); },
                        std::filesystem::path(path).stem().string());
}

Scenario load_scenario_text(const std::string& text, const std::string& origin, const std::string& stem,
                            const std::vector<std::string>& sets) {
  const Schema schema = builtin_catalog().schema();
  return named_scenario([&] { return Scenario::from_text(text, origin, sets, schema); }, stem);
}

}  // namespace innate
