"""Peer of bench_decode: the GN30 g-network decode of 784-800-10 and its backward,
transcribed into PyTorch as a skilled user would write it (the separable first layer as
a broadcast add over all (post, pre) pairs, the rest as batched matmuls, autograd for the
backward); the genome and its decode are bench/peers/gn30.py's, weights and biases as
innate decodes them.

Usage: python torch_decode.py THREADS
Prints `# ...` and CSV rows: peer,threads,method,seconds (best of 5 after a warm-up).
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import best_seconds  # noqa: E402
from gn30 import decode, genome  # noqa: E402

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)

grads = [torch.full((800, 784), 1e-3), torch.full((800,), 1e-3), torch.full((10, 800), 1e-3), torch.full((10,), 1e-3)]


def backward():
    for g in genome:
        g.grad = None
    weights = decode()
    torch.autograd.backward(weights, grads)


with torch.no_grad():
    forward_seconds = best_seconds(decode, 5)
backward_seconds = best_seconds(backward, 5)
print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads")
print("peer,threads,method,seconds")
print(f"pytorch,{threads},decode,{forward_seconds:.5f}")
print(f"pytorch,{threads},backward,{backward_seconds:.5f}")
