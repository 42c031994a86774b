"""innate.Optimizer: the engine's optimizers driven by ask/tell from Python."""

import numpy as np

from . import _core
from ._toml import literal


class Optimizer:
    """Ask/tell search over real vectors with one of innate's optimizers.

    Optimizer(kind, dim, *, popsize=None, sigma=None, seed=0, x0=None, **settings)

    kind: an optimizer of innate.list()["optimizer"] ("ga", "openai_es", "snes",
        "sep_cma_es", "cma_es").
    dim: genes per individual.
    popsize: individuals per generation; None: the method's recommended size
        (4 + floor(3 ln dim) for CMA-ES, sep-CMA-ES and SNES; 100 otherwise).
    sigma: the initial step size (the optimizer's `sigma` key; None: its default, 0.1).
        The GA has no step size: sigma is the spread of its first population around x0
        (None: 0.1); its mutation is set by mutation_rate and mutation_sigma.
    seed: keys every random draw, as run.seed does in a run.
    x0: the start (None: zeros); genes are float32, as everywhere in innate.
    settings: any other key of the optimizer (see innate.list()), e.g. learning_rate=0.02.

    Scores are maximised (pass -f to minimise f); NaN and infinite scores rank worst.
    Generation g's population is the one a run with the same seed, population and start
    would ask for, so an ask/tell loop reproduces a run of the engine.
    """

    def __init__(self, kind, dim, *, popsize=None, sigma=None, seed=0, x0=None, **settings):
        if x0 is not None:
            x0 = np.asarray(x0, dtype=np.float32).reshape(-1)
        sets = [f"optimizer.{key}={literal(value)}" for key, value in settings.items()]
        self._impl = _core.Optimizer(str(kind), int(dim), None if popsize is None else int(popsize),
                                     None if sigma is None else float(sigma), int(seed), x0, sets)

    def ask(self):
        """The next population: a float32 array (popsize x dim), one individual per row.
        Asking again before tell() returns the same population."""
        return self._impl.ask()

    def tell(self, scores):
        """Scores of the last asked population, one per row (higher is better)."""
        self._impl.tell(np.asarray(scores, dtype=np.float64).reshape(-1))

    @property
    def mean(self):
        """The recommended vector: the search distribution's mean for the evolution
        strategies, the best of the last scored population for the GA."""
        return self._impl.mean

    @property
    def best(self):
        """The best individual told so far (None before the first tell)."""
        return self._impl.best

    @property
    def best_score(self):
        """Its score (-inf before the first tell)."""
        return self._impl.best_score

    popsize = property(lambda self: self._impl.popsize, doc="individuals per generation")
    dim = property(lambda self: self._impl.dim, doc="genes per individual")
    generation = property(lambda self: self._impl.generation, doc="generations told so far")
    kind = property(lambda self: self._impl.kind, doc="the optimizer's name")

    def __repr__(self):
        return f"innate.Optimizer({self.kind!r}, dim={self.dim}, popsize={self.popsize}, generation={self.generation})"


class Problem:
    """A scenario's task scoring genomes exactly as `innate run` scores them.

    Problem(scenario=None, *, seed=None, overrides=None): scenario and overrides as for
    innate.run(); seed sets run.seed (it keys the task's random draws).

    evaluate(population, generation=0) -> scores, one per row of `population` (genomes of
        `dim` genes); with metrics=True also {column: values} of the task's declared
        columns. Individual i of generation g meets the random draws individual i of
        generation g meets in a run, whatever the thread count.
    optimizer() -> the scenario's own [optimizer] (population, seed, start and settings of
        the scenario), so that
            opt = problem.optimizer()
            for g in range(generations + 1):
                X = opt.ask(); opt.tell(problem.evaluate(X, g))
        walks the run's generations bit for bit (metrics.csv's best and mean, and
        opt.mean the genome.cereal the run writes).
    The gradient optimizers ("intermittent", "gradient") keep the same interface: they ask
    for one genome and train it on the task's examples when told.
    """

    def __init__(self, scenario=None, *, seed=None, overrides=None):
        from ._scenario import source

        extra = [] if seed is None else [f"run.seed={int(seed)}"]
        self._impl = _core.Problem(source(scenario, overrides, extra))

    dim = property(lambda self: self._impl.dim, doc="genes per genome")
    seed = property(lambda self: self._impl.seed, doc="the run seed keying the task's draws")
    columns = property(lambda self: list(self._impl.columns), doc="the task's declared metric columns")

    def evaluate(self, population, generation=0, *, metrics=False):
        table = self._impl.evaluate(np.asarray(population, dtype=np.float32), int(generation))
        if not metrics:
            return table[:, 0].copy()
        return table[:, 0].copy(), {name: table[:, 1 + j].copy() for j, name in enumerate(self.columns)}

    def optimizer(self):
        opt = Optimizer.__new__(Optimizer)
        opt._impl = self._impl.optimizer()
        return opt

    def __repr__(self):
        return f"innate.Problem(dim={self.dim}, seed={self.seed})"
