#pragma once
// A scenario bound to its components as the run loop binds them: run settings, the
// encoding, lifetime and searched genome, the task and the optimizer. The run loop runs
// it; Python's innate.Problem scores genomes with it.
#include <memory>
#include <string>

#include "engine/checkpoint.hpp"
#include "engine/components.hpp"

namespace innate {

struct RunSettings {
  std::string name;
  std::uint64_t seed = 0;
  std::uint64_t generations = 0;
  std::size_t population = 0;
  int threads = 0;
  std::uint64_t checkpoint_every = 1;
  bool keep_validation = false;  // run.keep = "validation"
  std::uint64_t validate_every = 10;
};

struct Bound {
  RunSettings run;
  EncodingContext phenotype;
  const Measures* measures = nullptr;
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
