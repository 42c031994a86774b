#!/usr/bin/env python3
"""The per-generation cost of driving an optimizer from Python (innate.Optimizer: ask, score
the sphere with numpy, tell) beside the same loop driven from C++ (bench_ask_tell), in one
run, same optimizers, sizes and seeds, both at oneTBB's default (every core).

Usage: bench/python_ask_tell.py [BUILD_DIR]   (default: build)
Prints CSV: kind,dim,popsize,cpp_us,python_us,overhead_us,ratio (best of 5 repeats each).
"""
import csv
import io
import subprocess
import sys
import time

import numpy as np

import innate

build = sys.argv[1] if len(sys.argv) > 1 else "build"
cpp = subprocess.run([f"{build}/bench_ask_tell"], check=True, capture_output=True, text=True).stdout
print("kind,dim,popsize,cpp_us,python_us,overhead_us,ratio")
for row in csv.DictReader(io.StringIO(cpp)):
    kind, dim, generations = row["kind"], int(row["dim"]), int(row["generations"])
    best = float("inf")
    for _ in range(5):
        opt = innate.Optimizer(kind, dim, sigma=0.5, seed=1)
        start = time.perf_counter()
        for _ in range(generations):
            X = opt.ask()
            opt.tell(-np.einsum("ij,ij->i", X, X))
        best = min(best, (time.perf_counter() - start) / generations)
    ours, theirs = best * 1e6, float(row["us_per_generation"])
    print(f"{kind},{dim},{row['popsize']},{theirs:.2f},{ours:.2f},{ours - theirs:.2f},{ours / theirs:.2f}", flush=True)
