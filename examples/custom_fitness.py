#!/usr/bin/env python3
"""A fitness function of your own, optimised with innate's CMA-ES from Python.

The Rastrigin function (many local minima) in 10 dimensions: innate.Optimizer asks for a
population, numpy scores it, the optimizer is told the scores (higher is better, so pass
-f to minimise f). Larger populations find the global minimum more often on Rastrigin.

    python3 examples/custom_fitness.py
"""
import numpy as np

import innate


def rastrigin(X):
    return 10 * X.shape[1] + (X ** 2 - 10 * np.cos(2 * np.pi * X)).sum(axis=1)


for popsize in (None, 100):  # None: CMA-ES's default, 4 + floor(3 ln 10) = 10
    opt = innate.Optimizer("cma_es", 10, popsize=popsize, sigma=2.0, seed=1, x0=np.full(10, 3.0))
    evaluations = 0
    while evaluations < 20_000 and -opt.best_score > 1e-8:
        X = opt.ask().astype(np.float64)
        opt.tell(-rastrigin(X))
        evaluations += len(X)
    print(f"popsize {opt.popsize:3d}: best f = {-opt.best_score:.3g} after {evaluations} evaluations "
          f"({opt.generation} generations); mean {np.round(opt.mean, 3)}")
