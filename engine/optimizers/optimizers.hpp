#pragma once
// optimizers/: ask/tell searches over genomes: the genetic algorithm, OpenAI-ES, SNES, CMA-ES, gradient fitting of
// genomes, and search over plain vectors.
#include "engine/optimizers/cma_es.hpp"
#include "engine/optimizers/es_common.hpp"
#include "engine/optimizers/ga.hpp"
#include "engine/optimizers/genome_fitting.hpp"
#include "engine/optimizers/openai_es.hpp"
#include "engine/optimizers/snes.hpp"
#include "engine/optimizers/vector_search.hpp"
