"""innate.Optimizer against pycma, the issue's thresholds, and the engine's own runs."""
import math
import statistics

import numpy as np
import pytest

import innate


def sphere(X):
    return (X ** 2).sum(axis=1)


def ellipsoid(X):  # condition 1e6
    n = X.shape[1]
    return ((1e6 ** (np.arange(n) / (n - 1))) * X ** 2).sum(axis=1)


def rosenbrock(X):
    return ((1 - X[:, :-1]) ** 2 + 100 * (X[:, 1:] - X[:, :-1] ** 2) ** 2).sum(axis=1)


def innate_evaluations(f, seed, kind="cma_es", dim=10, target=1e-8, budget=100_000, sigma=0.5):
    """Evaluations until a population holds f < target (np.inf if never)."""
    opt = innate.Optimizer(kind, dim, sigma=sigma, seed=seed)
    used = 0
    while used < budget:
        X = opt.ask().astype(np.float64)
        values = f(X)
        used += len(values)
        if values.min() < target:
            return used
        opt.tell(-values)
    return math.inf


def pycma_evaluations(cma, f, seed, dim=10, target=1e-8):
    """pycma at its defaults (active CMA, popsize 4 + 3 ln n), its own stopping rules
    switched off so it runs to the target."""
    es = cma.CMAEvolutionStrategy(np.zeros(dim), 0.5, {"seed": seed, "verbose": -9, "ftarget": target, "tolfun": 0,
                                                      "tolfunhist": 0, "tolx": 0, "tolflatfitness": 10 ** 6,
                                                      "maxfevals": 100_000})
    used = 0
    while not es.stop():
        X = es.ask()
        values = f(np.array(X))
        used += len(values)
        if values.min() < target:
            return used
        es.tell(X, values.tolist())
    return math.inf


@pytest.mark.parametrize("f", [sphere, ellipsoid, rosenbrock], ids=lambda f: f.__name__)
def test_cma_es_within_1_5x_of_pycma(f):
    cma = pytest.importorskip("cma")
    ours = [innate_evaluations(f, seed) for seed in range(1, 6)]
    theirs = [pycma_evaluations(cma, f, seed) for seed in range(1, 6)]
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"{f.__name__}: innate {ours} pycma {theirs} median ratio {ratio:.3f}")
    assert ratio <= 1.5


def test_cma_es_solves_rosenbrock_within_20000():
    reached = [innate_evaluations(rosenbrock, s, budget=20_000) <= 20_000 for s in (1, 2, 3)]
    assert sum(reached) >= 2


def test_sep_cma_es_solves_a_100_dimensional_sphere():
    assert innate_evaluations(sphere, 1, kind="sep_cma_es", dim=100, target=1e-10, budget=200_000) < math.inf


@pytest.mark.parametrize("kind,settings", [("ga", {"mutation_rate": 0.1, "elite": 2, "selection": "tournament"}),
                                           ("openai_es", {"learning_rate": 0.05}), ("snes", {}),
                                           ("sep_cma_es", {}), ("cma_es", {})])
def test_every_optimizer_improves_a_sphere(kind, settings):
    opt = innate.Optimizer(kind, 5, popsize=20, sigma=0.3, seed=2, x0=np.ones(5), **settings)
    assert opt.popsize == 20 and opt.dim == 5
    start = sphere(np.ones((1, 5)))[0]
    for _ in range(60):
        X = opt.ask()
        assert X.shape == (20, 5) and X.dtype == np.float32
        opt.tell(-sphere(X.astype(np.float64)))
    assert -opt.best_score < 0.1 * start
    assert sphere(opt.mean[None, :].astype(np.float64))[0] < 0.5 * start
    assert opt.generation == 60


def test_same_seed_same_populations_and_defaults():
    a, b, c = (innate.Optimizer("cma_es", 10, seed=s) for s in (4, 4, 5))
    assert a.popsize == 10  # 4 + floor(3 ln 10)
    assert np.array_equal(a.ask(), b.ask()) and not np.array_equal(a.ask(), c.ask())
    assert np.array_equal(a.ask(), a.ask())  # asking again before tell: the same population
    assert np.array_equal(innate.Optimizer("snes", 10).mean, np.zeros(10, dtype=np.float32))
    assert innate.Optimizer("openai_es", 10).popsize == 100


def test_bad_input_is_a_value_error():
    with pytest.raises(ValueError, match="unknown kind"):
        innate.Optimizer("cma", 3)
    with pytest.raises(ValueError, match="x0"):
        innate.Optimizer("cma_es", 3, x0=[0, 0])
    with pytest.raises(ValueError, match="sigma"):
        innate.Optimizer("cma_es", 3, sigma=float("inf"))
    with pytest.raises(ValueError, match="unknown key"):
        innate.Optimizer("cma_es", 3, learning_rate=0.1)
    opt = innate.Optimizer("cma_es", 3)
    with pytest.raises(ValueError, match="ask"):
        opt.tell(np.zeros(opt.popsize))
    opt.ask()
    with pytest.raises(ValueError, match="one score per individual"):
        opt.tell([1.0])


def test_an_ask_tell_loop_reproduces_the_run(repo, cli, tmp_path):
    """The scenario's optimizer and task driven from Python walk the run's generations:
    every metrics.csv best and mean, and the final genome, bit for bit."""
    scenario = repo / "scenarios" / "cartpole_direct.toml"
    overrides = {"run.generations": 4, "run.population": 16, "task.final_episodes": 5}
    sets = [a for k, v in overrides.items() for a in ("--set", f"{k}={v}")]
    cli("run", scenario, *sets, "--out", tmp_path / "cli", "--quiet", "--threads", 2)
    run = innate.load(tmp_path / "cli")
    problem = innate.Problem(scenario, overrides=overrides)
    opt = problem.optimizer()
    for g in range(5):
        scores = problem.evaluate(opt.ask(), g)
        opt.tell(scores)
        assert scores.max() == run.metrics["best"][g]
        assert sum(scores.tolist()) / len(scores) == run.metrics["mean"][g]  # the run's serial sum
    assert np.array_equal(opt.mean, run.genome)


@pytest.mark.skipif(not __import__("os").path.isdir("/usr/share/datasets/fashion-mnist"),
                    reason="Fashion-MNIST not installed (scripts/setup installs it)")
def test_a_gradient_fitting_loop_reproduces_the_run(repo, cli, tmp_path):
    """Shuvaev et al.'s Algorithm 1 keeps the ask/tell interface: one genome asked, trained
    on the task's examples when told."""
    scenario = repo / "scenarios" / "fmnist_demo.toml"
    overrides = {"run.generations": 2, "optimizer.samples": [2000, 200], "optimizer.batches": 5,
                 "task.nurture_steps": 4, "task.curve_points": 2, "task.direct_epochs": 0}
    sets = [a for k, v in overrides.items() for a in ("--set", f"{k}={v}")]
    cli("run", scenario, *sets, "--out", tmp_path / "cli", "--quiet")
    run = innate.load(tmp_path / "cli")
    problem = innate.Problem(scenario, overrides=overrides)
    opt = problem.optimizer()
    assert opt.popsize == 1
    for g in range(3):
        scores = problem.evaluate(opt.ask(), g)
        opt.tell(scores)
        assert scores[0] == run.metrics["best"][g]
    assert np.array_equal(opt.mean, run.genome)
