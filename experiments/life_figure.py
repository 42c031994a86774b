#!/usr/bin/env python3
"""docs/locomotion_life.svg: how far each layer's weights move from birth during one life,
drawn by `innate report` from the life.csv of every seed of a replicate set (mean and 95%
band), cut out of the report as it drew it.
Usage: experiments/life_figure.py INNATE RUN_DIR OUT.svg"""
import re
import subprocess
import sys

innate, run, out = sys.argv[1:4]
report = subprocess.run([innate, "report", run], check=True, capture_output=True, text=True).stdout.strip()
html = open(report).read()
figures = [svg for svg in re.findall(r"<svg.*?</svg>", html, re.S) if "move from birth during one life" in svg]
if not figures:
    raise SystemExit(f"life_figure: {report} draws no life.csv (is {run} a plastic run?)")
with open(out, "w") as f:
    f.write(figures[0] + "\n")
print(f"life_figure: {out} from {report}")
