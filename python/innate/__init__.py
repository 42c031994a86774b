"""innate: genomic-bottleneck and nature-vs-nurture simulations.

A compact genome (wiring rules, plasticity rules) is decoded into networks, evolved or fit,
and every result is set beside the same network trained directly on data. This package is
the C++ engine's Python face; results are byte-identical to the `innate` command line.

    run(scenario, *, seed, threads, out, replicates, overrides, quiet) -> Run
    sweep(scenario, key, values, ...) -> Run       one run per value
    resume(directory) -> Run                       continue an interrupted run
    load(directory) -> Run                         .scores .result .metrics .curve .genome
                                                   .networks .summary .arms .replicates .table
    info(scenario, overrides) -> dict              genome and network sizes
    list() -> dict                                 components and their keys
    decode(scenario, genome, overrides, seed)      -> [(W, b), ...]
    Optimizer(kind, dim, *, popsize, sigma, seed, x0, **settings)   ask() / tell(scores)
    Problem(scenario).evaluate(population, g)      a scenario's task scoring genomes as a run does
    make(env_id)                                   Gymnasium-style control environment

Higher scores are better everywhere. Bad input raises ValueError (FileNotFoundError for a
missing file) with the one-line message the command line prints.
"""

from . import _core
from ._api import decode, info, list, resume, run, sweep  # noqa: A004
from ._envs import Box, Discrete, Env, make
from ._optimizer import Optimizer, Problem
from ._results import Run, load

__version__ = _core.__version__

__all__ = ["run", "sweep", "resume", "load", "info", "list", "decode", "Optimizer", "Problem", "make", "Run", "Env", "Box",
           "Discrete", "__version__"]
