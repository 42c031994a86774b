#!/usr/bin/env python3
"""Would IPOP-CMA-ES have restarted? Reads the final CMA-ES state of full-covariance runs
from their checkpoints and writes, per run, what Auger & Hansen's (2005) restart rules
look at: the generations run against the history those rules need (10 + ceil(30 n / lambda)
generations of best scores for EqualFunValHist and TolFun), sigma against TolX
(1e-12 sigma_0), and C's condition number against ConditionCov (1e14).

    experiments/cma_restart_check.py OUT.csv RUN_DIR...

A full CMA-ES checkpoint ends with the optimizer's state: ..., sigma, m, p_sigma, p_c
(each a 64-bit length and n doubles) and C (n * n doubles), little-endian (cereal's
portable binary); C is found by its length tag from the end of the file.
"""
import csv
import json
import math
import pathlib
import struct
import sys
import tomllib

import numpy as np


def final_state(run):
    scenario = tomllib.loads((run / "scenario.toml").read_text())
    n = json.loads((run / "result.json").read_text())["genome_params"]
    blob = (run / "checkpoints" / "latest.ckpt").read_bytes()
    at = blob.rfind(struct.pack("<Q", n * n))
    if at < 0:
        raise SystemExit(f"{run}: no full covariance of {n} genes in its checkpoint")
    c = np.frombuffer(blob, "<f8", n * n, at + 8).reshape(n, n)
    at -= 3 * (8 + 8 * n)  # p_c, p_sigma and m before C
    if struct.unpack_from("<Q", blob, at)[0] != n:
        raise SystemExit(f"{run}: checkpoint layout not as expected")
    sigma = struct.unpack_from("<d", blob, at - 8)[0]
    return scenario, n, sigma, c


def main():
    out, runs = pathlib.Path(sys.argv[1]), [pathlib.Path(p) for p in sys.argv[2:]]
    rows = []
    for run in runs:
        scenario, n, sigma, c = final_state(run)
        lam, generations = scenario["run"]["population"], scenario["run"]["generations"] + 1
        sigma0 = scenario["optimizer"]["sigma"]
        eig = np.linalg.eigvalsh(c)
        steps = sigma * np.sqrt(np.diag(c))
        rows.append({"run": f"{run.parent.name}/{run.name}", "genes": n, "population": lam, "generations": generations,
                     "history_needed": 10 + math.ceil(30 * n / lam), "sigma0": sigma0, "sigma": f"{sigma:.4g}",
                     "tolx": f"{1e-12 * sigma0:.3g}", "condition": f"{eig.max() / eig.min():.4g}",
                     "smallest_step": f"{steps.min():.4g}", "largest_step": f"{steps.max():.4g}"})
    with out.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(out.read_text(), end="")


if __name__ == "__main__":
    main()
