"""Run directories read into Python: result.json as a dict, CSV files as numpy columns,
genomes and saved networks as numpy arrays."""

import csv
import json
import re
from pathlib import Path

import numpy as np

from . import _core


def read_csv(path):
    """A CSV file as {column: numpy array}: float64 where every cell is a number (an empty
    cell is NaN), else an array of the text."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return {}
    header, body = rows[0], rows[1:]
    table = {}
    for j, name in enumerate(header):
        cells = [row[j] if j < len(row) else "" for row in body]
        try:
            table[name] = np.array([float(c) if c != "" else np.nan for c in cells], dtype=np.float64)
        except ValueError:
            table[name] = np.array(cells)
    return table


def networks_from_flat(flat, sizes):
    """[(W, b), ...] of a network's flat parameters (innate's layout: per layer W, column-major
    (out x in), then b): W has shape (out, in), so a layer computes W @ x + b."""
    layers, offset = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        w = np.asarray(flat[offset:offset + n_in * n_out]).reshape(n_in, n_out).T.copy()
        offset += n_in * n_out
        b = np.asarray(flat[offset:offset + n_out]).copy()
        offset += n_out
        layers.append((w, b))
    if offset != len(flat):
        raise ValueError(f"a network of layers {list(sizes)} has {offset} parameters, got {len(flat)}")
    return layers


def read_genome(path):
    """The genes of a genome archive (genome.cereal, *_network.cereal) as float32, and its tag."""
    tag, genes = _core.read_genome(str(path))
    return genes, tag


def _number_first(path):
    match = re.match(r"(\d+)", path.name)
    return (int(match.group(1)) if match else 0, path.name)


class Run:
    """A finished run directory of any shape, read lazily.

    kind: "run" (one run), "arms" (arms side by side), "replicates" (a replicate set) or
    "sweep". Everything below reads the directory's files on first use; higher scores
    are better throughout.
    """

    def __init__(self, directory):
        self.dir = Path(directory)
        if not self.dir.is_dir():
            raise FileNotFoundError(f"{self.dir}: no such run directory")
        if (self.dir / "sweep.json").is_file():
            self.kind, done = "sweep", "sweep.csv"
        elif (self.dir / "replicates.json").is_file():
            self.kind, done = "replicates", "summary.json"
        elif (self.dir / "checkpoints").is_dir():
            self.kind, done = "run", "result.json"
        elif (self.dir / "scenario.toml").is_file():
            self.kind, done = "arms", "result.json"
        else:
            raise ValueError(f"{self.dir}: not a run directory (no scenario.toml)")
        if not (self.dir / done).is_file():
            raise ValueError(f"{self.dir}: not finished (no {done}); continue it with innate.resume()")
        self._cache = {}

    def _once(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def __repr__(self):
        return f"innate.Run({str(self.dir)!r}, kind={self.kind!r})"

    @property
    def scenario(self):
        """The resolved scenario the run used, as TOML text."""
        return (self.dir / "scenario.toml").read_text()

    @property
    def result(self):
        """result.json as a dict (runs and arms); None for replicate sets and sweeps."""
        path = self.dir / "result.json"
        return self._once("result", lambda: json.loads(path.read_text()) if path.is_file() else None)

    @property
    def scores(self):
        """{arm: score} on test data or fresh episodes (result.json "scores"); for a replicate
        set the replicates' means."""
        if self.kind == "replicates":
            arms = self.replicates[0].scores
            return {name: row["mean"] for name, row in self.summary.items() if name in arms}
        return dict((self.result or {}).get("scores", {}))

    @property
    def validation_scores(self):
        """{arm: score} on validation data, where the task holds some out."""
        return dict((self.result or {}).get("validation_scores", {}))

    @property
    def metrics(self):
        """metrics.csv (one row per generation) as {column: numpy array}."""
        return self._once("metrics", lambda: read_csv(self.dir / "metrics.csv") if self.kind == "run" else None)

    @property
    def curve(self):
        """curve.csv (learning curves a task writes) as {column: numpy array}; None if absent."""
        path = self.dir / "curve.csv"
        return self._once("curve", lambda: read_csv(path) if path.is_file() else None)

    @property
    def genome(self):
        """The final genome (genome.cereal) as a float32 array."""
        if self.kind != "run":
            raise ValueError(f"{self.dir}: a {self.kind} directory has no single genome; see .arms or .replicates")
        return self._once("genome", lambda: read_genome(self.dir / "genome.cereal")[0])

    @property
    def networks(self):
        """{name: [(W, b), ...]} of every network the run saved (<name>_network.cereal, e.g.
        "innate", "direct"); W has shape (out, in). Empty when the task saves none."""
        def read():
            out = {}
            for path in sorted(self.dir.glob("*_network.cereal")):
                genes, tag = read_genome(path)
                sizes = [int(s) for s in tag.split("/", 1)[1].split("-")]
                out[path.name[:-len("_network.cereal")]] = networks_from_flat(genes, sizes)
            return out
        return self._once("networks", read)

    @property
    def summary(self):
        """A replicate set's summary.json: {score: {n, mean, std, ci95_low, ci95_high}}."""
        if self.kind != "replicates":
            return None
        return self._once("summary", lambda: json.loads((self.dir / "summary.json").read_text())["rows"])

    @property
    def replicates(self):
        """The replicate runs, in seed order (replicate sets)."""
        if self.kind != "replicates":
            return []
        return self._once("replicates", lambda: [Run(p) for p in sorted(self.dir.glob("replicate-*"), key=lambda p: int(p.name.split("-")[1]))])

    @property
    def arms(self):
        """{arm: Run} (arms directories)."""
        if self.kind != "arms":
            return {}
        return self._once("arms", lambda: {name: Run(self.dir / name) for name in self.result.get("arms", {})})

    @property
    def table(self):
        """sweep.csv as {column: numpy array} (sweeps): one entry per value."""
        return self._once("table", lambda: read_csv(self.dir / "sweep.csv") if self.kind == "sweep" else None)

    @property
    def runs(self):
        """The runs of a sweep, one per value, in order."""
        if self.kind != "sweep":
            return []
        subdirs = [p for p in self.dir.iterdir() if p.is_dir() and re.match(r"\d+_", p.name)]
        return self._once("runs", lambda: [Run(p) for p in sorted(subdirs, key=_number_first)])


def load(directory):
    """Reads a finished run, arms, replicate-set or sweep directory into a Run."""
    return Run(directory)
