#pragma once
// A scenario bound to its components as the run loop binds them: run settings, the
// encoding, lifetime and searched genome, the task and the optimizer. The run loop runs
// it; Python's innate.Problem scores genomes with it.
#include <memory>
#include <string>

#include "engine/components/components.hpp"
#include "engine/components/run_settings.hpp"
#include "engine/run/checkpoint.hpp"

namespace innate {

struct Bound {
  RunSettings run;
  EncodingContext phenotype;
  Measures measures;
  std::unique_ptr<Encoding> encoding;
  std::unique_ptr<Lifetime> lifetime;
  std::unique_ptr<Encoding> genome;  // what the optimizer searches: encoding genes + lifetime genes
  std::unique_ptr<Task> task;
  std::unique_ptr<Optimizer> optimizer;
  CheckpointHeader header;

  Individual individual(GenomeView genes) const { return {genes, *encoding, *lifetime}; }
};

// Binds a resolved scenario; refuses (InputError) one that cannot fit in memory before
// building anything large.
Bound bind(const Scenario& scenario, const Catalog& catalog);
// A fresh optimizer of the scenario for `b`'s genome, as bind() makes it.
std::unique_ptr<Optimizer> make_optimizer(const Bound& b, const Scenario& scenario, const Catalog& catalog);

}  // namespace innate
