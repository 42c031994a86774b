"""Peer of bench_decode: the GN30 g-network decode of 784-800-10 and its backward,
transcribed into PyTorch as a skilled user would write it (the separable first layer as
a broadcast add over all (post, pre) pairs, the rest as batched matmuls, autograd for the
backward). Same shapes and operations as innate's decode: codes of 10 + 10 bits for the
first weight layer (image coordinates, binary codes of the hidden units), 10 + 10 for the
second (binary codes, one-hot outputs), g-nets 20-30-10-1 with ReLU; the values are
random, as only the arithmetic is timed.

Usage: python torch_decode.py THREADS
Prints `# ...` and CSV rows: peer,threads,method,seconds (best of 5 after a warm-up).
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import best_seconds  # noqa: E402

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
torch.manual_seed(1)
layers = [(800, 784, 10, 10), (10, 800, 10, 10)]  # (post units, pre units, post code bits, pre code bits)
codes = [(torch.randint(0, 2, (post_bits, post)).float(), torch.randint(0, 2, (pre_bits, pre)).float())
         for post, pre, post_bits, pre_bits in layers]
genome = []
for post, pre, post_bits, pre_bits in layers:
    genome += [torch.randn(30, post_bits + pre_bits) * 0.2, torch.randn(30) * 0.1, torch.randn(10, 30) * 0.2,
               torch.randn(10) * 0.1, torch.randn(1, 10) * 0.3, torch.randn(1) * 0.1]
genome = [g.requires_grad_() for g in genome]


def decode():
    weights = []
    for k, (post_codes, pre_codes) in enumerate(codes):
        w1, b1, w2, b2, w3, b3 = genome[6 * k:6 * k + 6]
        bits = post_codes.shape[0]
        a = w1[:, :bits] @ post_codes + b1[:, None]  # (30, post)
        b = w1[:, bits:] @ pre_codes  # (30, pre)
        h1 = torch.relu(a[:, :, None] + b[:, None, :]).reshape(30, -1)  # every pair: one add
        h2 = torch.relu(w2 @ h1 + b2[:, None])
        weights.append((w3 @ h2 + b3[:, None]).reshape(a.shape[1], b.shape[1]))
    return weights



grads = [torch.full((800, 784), 1e-3), torch.full((10, 800), 1e-3)]


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
