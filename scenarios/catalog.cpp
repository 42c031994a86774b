#include "scenarios/catalog.hpp"

#include "engine/cma_es.hpp"
#include "engine/ga.hpp"
#include "engine/genome_fitting.hpp"
#include "engine/openai_es.hpp"
#include "engine/snes.hpp"
#include "genomes/alleles.hpp"
#include "genomes/celltype.hpp"
#include "genomes/connectome.hpp"
#include "genomes/cppn.hpp"
#include "genomes/direct.hpp"
#include "genomes/gnet.hpp"
#include "genomes/hebbian.hpp"
#include "genomes/random_weights.hpp"
#include "genomes/trials.hpp"
#include "scenarios/baldwin.hpp"
#include "scenarios/control.hpp"
#include "scenarios/images.hpp"

namespace innate {

// One line per component: this is where a new task, encoding, optimizer or lifetime is added.
const Catalog& builtin_catalog() {
  static const Catalog catalog = [] {
    Catalog c;
    c.tasks = {BaldwinTask::entry(), ControlTask::entry(), ImagesTask::entry()};
    c.encodings = {Alleles::entry(),    Direct::entry(), GNet::entry(),          Connectome::entry(),
                   Cppn::entry(),       CellType::entry(), RandomWeights::entry()};
    c.optimizers = {GeneticAlgorithm::entry(), OpenAiEs::entry(),           Snes::entry(),
                    CmaEs::entry(true),        CmaEs::entry(false),         Intermittent::entry(),
                    Gradient::entry()};
    c.lifetimes = {no_lifetime_entry(), TrialLearning::entry(), HebbianRules::entry()};
    return c;
  }();
  return catalog;
}

}  // namespace innate
