#include "scenarios/catalog.hpp"

#include "engine/ga.hpp"
#include "engine/lifetime.hpp"
#include "genomes/alleles.hpp"
#include "genomes/celltype.hpp"
#include "genomes/connectome.hpp"
#include "genomes/cppn.hpp"
#include "genomes/direct.hpp"
#include "genomes/gnet.hpp"
#include "scenarios/baldwin.hpp"

namespace innate {

// One line per component: this is where a new task, encoding, optimizer or lifetime is added.
const Catalog& builtin_catalog() {
  static const Catalog catalog = [] {
    Catalog c;
    c.tasks = {BaldwinTask::entry()};
    c.encodings = {Alleles::entry(), Direct::entry(), GNet::entry(), Connectome::entry(), Cppn::entry(),
                   CellType::entry()};
    c.optimizers = {GeneticAlgorithm::entry()};
    c.lifetimes = {NoLifetime::entry(), TrialLearning::entry()};
    return c;
  }();
  return catalog;
}

}  // namespace innate
