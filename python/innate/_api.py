"""Running scenarios and asking about them: run, sweep, resume, info, list, decode."""

import builtins
import os

import numpy as np

from . import _core
from ._results import Run, networks_from_flat
from ._scenario import source
from ._toml import literal


def _options(threads, out):
    if threads is not None and (not isinstance(threads, int) or threads < 0):
        raise ValueError(f"threads must be a non-negative integer (0 = all cores), got {threads!r}")
    return "" if out is None else os.fspath(out)


def _finished(code, directory):
    if code == _core.EXIT_INTERRUPTED:
        raise KeyboardInterrupt(f"innate: interrupted; checkpoint written; continue with innate.resume({str(directory)!r})")
    if code != 0:
        raise RuntimeError(f"innate: the run in {directory} ended with exit code {code}")
    return Run(directory)


def _run_sets(seed, replicates):
    sets = []
    if seed is not None:
        sets.append(f"run.seed={int(seed)}")
    if replicates is not None:
        sets.append(f"run.replicates={int(replicates)}")
    return sets


def run(scenario=None, *, seed=None, threads=None, out=None, replicates=None, overrides=None, quiet=True):
    """Runs a scenario and returns its Run, as `innate run` does.

    scenario: a path (str or PathLike naming an existing file), TOML text, or None for the
        built-in default scenario.
    seed: run.seed; replicates: run.replicates (N runs with seeds seed .. seed+N-1 and a
        summary with 95% intervals); overrides: {"section.key": value}, e.g.
        {"run.population": 100}, applied before seed and replicates.
    threads: worker threads (None: run.threads; 0: all cores). Results do not depend on it.
    out: the output directory (must not exist or be empty); None: runs/<name>-seed<seed>.
    quiet: no progress or summary on the terminal.

    The GIL is released while it runs. Ctrl-C ends it after the current generation with a
    checkpoint written and raises KeyboardInterrupt; innate.resume(directory) continues it.
    Bad input raises ValueError (FileNotFoundError for a missing file) with the message
    the command line prints.
    """
    src = source(scenario, overrides, _run_sets(seed, replicates))
    code, directory = _core.run(src, _options(threads, out), threads, bool(quiet))
    return _finished(code, directory)


def sweep(scenario, key, values, *, seed=None, threads=None, out=None, replicates=None, overrides=None, quiet=True):
    """One run per value of `key` (e.g. "genome.hidden", [[10, 5], [20, 10]]), as
    `innate sweep --vary`; returns the sweep's Run (.table is sweep.csv, .runs the runs).
    Other arguments as for run(); out=None: runs/<name>-sweep-<key>-seed<seed>."""
    src = source(scenario, overrides, _run_sets(seed, replicates))
    literals = [literal(v) for v in values]
    if not literals:
        raise ValueError("sweep: values is empty")
    code, directory = _core.sweep(src, str(key), literals, _options(threads, out), threads, bool(quiet))
    return _finished(code, directory)


def resume(directory, *, threads=None, quiet=True):
    """Continues an interrupted run, arms, replicate set or sweep from its last checkpoint
    (as `innate resume`); it ends byte-identical to an uninterrupted run. Returns its Run."""
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"{os.fspath(directory)}: no such run directory")
    code = _core.resume(os.fspath(directory), threads, bool(quiet))
    return _finished(code, directory)


def info(scenario=None, overrides=None):
    """Sizes of a scenario's genome and network, as `innate info` prints them: scenario,
    encoding, genome_params, rule_params, genome_bits, network_params and compression
    (None where the genome does not decode to a network). Runs nothing."""
    return _core.info(source(scenario, overrides))


def list():  # noqa: A001 - the command line's name
    """Every task, encoding, network, optimizer and lifetime with its keys, as `innate list`:
    {section: {"selector", "keys", "choices": {name: {"summary", "keys", "default"}}}},
    each key as {"default": TOML literal, "help": text}."""
    return _core.catalog()


def decode(scenario, genome, overrides=None, seed=0):
    """The network a genome of the scenario decodes into: [(W, b), ...] per layer, W of
    shape (out, in) so a layer computes act(W @ x + b). Sampled developments draw from the
    stream the run with run seed `seed` develops its final genome with, so decoding a run's
    genome with its seed gives the network it saved."""
    genes = np.asarray(genome, dtype=np.float32)
    flat, sizes = _core.decode(source(scenario, overrides), genes, int(seed))
    return networks_from_flat(flat, builtins.list(sizes))
