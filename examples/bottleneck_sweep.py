#!/usr/bin/env python3
"""A genomic-bottleneck sweep read into numpy and plotted: how much of a network's skill
survives as the genome shrinks.

Runs the Fashion-MNIST g-network scenario at three genome sizes, then plots each arm's
test accuracy against the compression the genome achieves, and the nature fraction. By
default a shortened run (50 genome iterations, 2 epochs for the direct arm: 1 min 44 s
for the three sizes on 2 cores, innate 0.66 / 0.72 / 0.72); --full runs the scenario as
written (about 5 minutes a size; docs/images.md has its numbers with 95% intervals).

    python3 examples/bottleneck_sweep.py [--full] [--out DIR]

Needs: pip install matplotlib (and scripts/setup for Fashion-MNIST).
"""
import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import innate  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--full", action="store_true", help="the scenario as written instead of a short run")
parser.add_argument("--out", default="runs/example-sweep", help="output directory (must not exist)")
args = parser.parse_args()

scenario = Path(__file__).resolve().parents[1] / "scenarios" / "fmnist_gnet.toml"
short = {"run.generations": 50, "task.direct_epochs": 2}
sweep = innate.sweep(scenario, "genome.hidden", [[10, 5], [20, 10], [30, 10]], out=args.out,
                     overrides=None if args.full else short, quiet=False)

table = sweep.table  # sweep.csv as {column: numpy array}, one entry per genome size
compression = table["compression"]
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
for arm in ("innate", "hot_start", "cold_start", "direct"):
    left.plot(compression, table[arm], "o-", label=arm)
left.set(xscale="log", xlabel="compression (network weights per genome parameter)", ylabel="test accuracy")
left.legend()
right.plot(compression, table["nature_fraction"], "o-")
right.set(xscale="log", xlabel="compression", ylabel="nature fraction", ylim=(0, 1))
fig.tight_layout()
fig.savefig(Path(args.out) / "bottleneck.png", dpi=120)

for run, c in zip(sweep.runs, compression):
    print(f"compression {c:7.1f}x  innate {run.scores['innate']:.4f}  direct {run.scores['direct']:.4f}  "
          f"nature fraction {run.result['nature_fraction']:.3f}")
print(f"figure: {Path(args.out) / 'bottleneck.png'}")
