"""Peer of bench_training: one epoch of 784-256-10 (ReLU, Adam 1e-3, batch 128,
cross-entropy) on the same Fashion-MNIST training file, in PyTorch, at every thread
setting up to MAX_THREADS: intra-op threads x BLAS threads where the BLAS is a separate
library with its own pool (OpenBLAS), intra-op threads alone where it follows them (MKL
inside PyPI's wheel follows torch.set_num_threads).

Usage: python torch_epoch.py MAX_THREADS [LABEL]
Prints `# ...` lines (version, the BLAS actually loaded) and one CSV row per setting:
peer,threads,blas_threads,seconds,test_accuracy (a short warm-up first, not timed; each
setting's fastest of REPEATS epochs, common.py).
"""
import ctypes
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402

from common import HEADER, REPEATS, fashion_mnist, loaded_blas, row  # noqa: E402

max_threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
label = sys.argv[2] if len(sys.argv) > 2 else "pytorch"
x, y, xt, yt = (torch.from_numpy(a) for a in fashion_mnist())


def epoch(threads, blas_threads=None, steps=None):
    torch.set_num_threads(threads)
    if blas_threads:  # after torch's own setting, which may touch the BLAS pool
        set_blas_threads(blas_threads)
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.randperm(len(y))
    steps = steps or len(y) // 128
    start = time.perf_counter()
    for b in range(steps):
        batch = order[b * 128:(b + 1) * 128]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x[batch]), y[batch]).backward()
        opt.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        accuracy = (model(xt).argmax(1) == yt).float().mean().item()
    return seconds, accuracy


epoch(max_threads, steps=20)  # warm-up: the BLAS and allocator's first calls
blas = loaded_blas()
openblas = next((p for p in blas if "openblas" in p or "libblas" in p), None)
set_blas_threads = None
if openblas:
    lib = ctypes.CDLL(openblas)
    if hasattr(lib, "openblas_set_num_threads"):
        set_blas_threads = lib.openblas_set_num_threads
config = torch.__config__.show()
blas_info = next((w for w in config.split() if w.startswith("BLAS_INFO=")), "BLAS_INFO=?").rstrip(",")
print(f"# {label}: torch {torch.__version__}, {blas_info}, loaded: {', '.join(blas) or 'no separate BLAS library (linked into libtorch_cpu)'}")
print(HEADER)
for threads in range(1, max_threads + 1):
    for blas_threads in (range(1, max_threads + 1) if set_blas_threads else [threads]):
        # the fastest of REPEATS epochs, each from the same seed (so the same accuracy)
        seconds, accuracy = min(epoch(threads, blas_threads if set_blas_threads else None) for _ in range(REPEATS))
        row(label, threads, blas_threads, seconds, accuracy)
