"""What the peer benches share: Fashion-MNIST as innate reads it, the BLAS library a process
actually loaded, and the CSV row every peer prints."""
import gzip
import os
import re
import struct
import time

import numpy as np

ROOT = os.environ.get("INNATE_FASHION_MNIST", "/usr/share/datasets/fashion-mnist/")
HEADER = "peer,threads,blas_threads,seconds,test_accuracy"
REPEATS = 3  # a training peer's epoch: the fastest of this many (bench_training does the same)


def idx(name):
    with gzip.open(os.path.join(ROOT, name)) as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_mnist():
    """(train images, train labels, test images, test labels): float32 in [0, 1], int labels;
    the whole 60,000-image training file, as bench_training's epoch reads it."""
    x = idx("train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    xt = idx("t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255
    return x, idx("train-labels-idx1-ubyte.gz").astype(np.int64), xt, idx("t10k-labels-idx1-ubyte.gz").astype(np.int64)


BLAS_NAMES = re.compile(r"lib(mkl_\w+|openblas\w*|blas|blis\w*|flexiblas|cblas|accelerate|dnnl|xla_\w+)[.\-]")


def loaded_blas():
    """The BLAS-like shared libraries this process mapped (from /proc/self/maps), e.g.
    '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3'. A build's own report can
    be wrong (Debian's torch says BLAS_INFO=generic whatever the alternatives select)."""
    seen = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if BLAS_NAMES.search(os.path.basename(path)) and path not in seen:
                seen.append(path)
    return seen


def row(peer, threads, blas_threads, seconds, accuracy):
    print(f"{peer},{threads},{blas_threads},{seconds:.4f},{accuracy:.4f}", flush=True)


def best_seconds(f, repeats):
    """Fastest of `repeats` timed calls of f, after one untimed warm-up call."""
    f()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)
