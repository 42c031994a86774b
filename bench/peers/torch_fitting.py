"""Peer of bench_fitting: fitting a GN30 genome on Fashion-MNIST (784-800-10), transcribed
into PyTorch as a skilled user would write it, the same shapes and steps as innate's:
  algorithm1_iteration  100 Adam steps (1e-3, fresh each iteration) of the network on
                        batches of 100; the genome regressed by MSE onto 100,000 + 10,000
                        sampled weights and three passes over the 810 biases, batches of
                        1,000, Adam 1e-4; decode;
  e2e_step              decode, a batch of 100 through the network, cross-entropy, the
                        gradient back through the decoder (autograd), an Adam step.
The genome and its decode are bench/peers/gn30.py's.

Usage: python torch_fitting.py THREADS
Prints `# ...` and CSV rows: peer,threads,method,seconds (best of 3 after a warm-up).
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import best_seconds, fashion_mnist  # noqa: E402
from gn30 import bias_net, codes, decode, genome, gnets, hidden_codes, layers, output_bias, run_mlp  # noqa: E402

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
x_all, y_all, _, _ = (torch.from_numpy(a) for a in fashion_mnist())
def algorithm1_iteration(genome_opt):
    w1, b1, w2, b2 = (t.detach().clone().requires_grad_() for t in decode())
    net_opt = torch.optim.Adam([w1, b1, w2, b2], lr=1e-3)
    for _ in range(100):
        batch = torch.randint(0, len(y_all), (100,))
        net_opt.zero_grad(set_to_none=True)
        logits = torch.relu(x_all[batch] @ w1.T + b1) @ w2.T + b2
        torch.nn.functional.cross_entropy(logits, y_all[batch]).backward()
        net_opt.step()
    targets = [w1.detach(), w2.detach()]
    for k, samples in enumerate((100_000, 10_000)):
        post, pre = layers[k]
        flat = torch.randint(0, post * pre, (samples,))
        for first in range(0, samples, 1000):
            i, j = flat[first:first + 1000] // pre, flat[first:first + 1000] % pre
            inputs = torch.cat([codes[k][0][:, i], codes[k][1][:, j]])
            genome_opt.zero_grad(set_to_none=True)
            loss = ((run_mlp(gnets[k], inputs)[0] - targets[k][i, j]) ** 2).mean()
            loss.backward()
            genome_opt.step()
    for _ in range(3):  # the 810 biases, one batch a pass
        genome_opt.zero_grad(set_to_none=True)
        loss = (((run_mlp(bias_net, hidden_codes)[0] - b1.detach()) ** 2).sum()
                + ((output_bias[0] - b2.detach()) ** 2).sum()) / 810
        loss.backward()
        genome_opt.step()
    with torch.no_grad():
        decode()


def e2e_step(genome_opt):
    batch = torch.randint(0, len(y_all), (100,))
    genome_opt.zero_grad(set_to_none=True)
    w1, b1, w2, b2 = decode()
    logits = torch.relu(x_all[batch] @ w1.T + b1) @ w2.T + b2
    torch.nn.functional.cross_entropy(logits, y_all[batch]).backward()
    genome_opt.step()



print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads")
print("peer,threads,method,seconds")
regression_opt, e2e_opt = torch.optim.Adam(genome, lr=1e-4), torch.optim.Adam(genome, lr=1e-3)
print(f"pytorch,{threads},algorithm1_iteration,{best_seconds(lambda: algorithm1_iteration(regression_opt), 3):.4f}", flush=True)
print(f"pytorch,{threads},e2e_step,{best_seconds(lambda: e2e_step(e2e_opt), 3):.4f}", flush=True)
