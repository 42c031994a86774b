"""Peer of bench_fitting: fitting a GN30 genome on Fashion-MNIST (784-800-10), transcribed
into PyTorch as a skilled user would write it, the same shapes and steps as innate's:
  algorithm1_iteration  100 Adam steps (1e-3, fresh each iteration) of the network on
                        batches of 100; the genome regressed by MSE onto 100,000 + 10,000
                        sampled weights and three passes over the 810 biases, batches of
                        1,000, Adam 1e-4; decode;
  e2e_step              decode, a batch of 100 through the network, cross-entropy, the
                        gradient back through the decoder (autograd), an Adam step.
g-nets 20-30-10-1 (ReLU) over 10 + 10 code bits per weight layer, a 10-5-1 bias net for
the hidden biases, the output biases stored directly, as in bench/peers/torch_decode.py.

Usage: python torch_fitting.py THREADS
Prints `# ...` and CSV rows: peer,threads,method,seconds (best of 3 after a warm-up).
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import best_seconds, fashion_mnist  # noqa: E402

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
torch.manual_seed(1)
x_all, y_all, _, _ = (torch.from_numpy(a) for a in fashion_mnist())
layers = [(800, 784), (10, 800)]  # (post units, pre units)
codes = [(torch.randint(0, 2, (10, post)).float(), torch.randint(0, 2, (10, pre)).float()) for post, pre in layers]
hidden_codes = codes[0][0]  # the hidden units' codes feed their bias net


def mlp_params(sizes):
    out = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        bound = fan_in ** -0.5
        out += [torch.empty(fan_out, fan_in).uniform_(-bound, bound), torch.empty(fan_out).uniform_(-bound, bound)]
    return out


gnets = [mlp_params([20, 30, 10, 1]) for _ in layers]
bias_net = mlp_params([10, 5, 1])
output_bias = [torch.zeros(10)]
genome = [p.requires_grad_() for p in sum(gnets, []) + bias_net + output_bias]


def run_mlp(params, h):  # h: (inputs, columns); ReLU between layers, linear output
    for k in range(0, len(params), 2):
        h = params[k] @ h + params[k + 1][:, None]
        if k + 2 < len(params):
            h = torch.relu(h)
    return h


def decode():
    weights = []
    for (w1, b1, *tail), (post_codes, pre_codes) in zip(gnets, codes):
        a = w1[:, :10] @ post_codes + b1[:, None]
        b = w1[:, 10:] @ pre_codes
        h1 = torch.relu(a[:, :, None] + b[:, None, :]).reshape(30, -1)  # the separable first layer
        weights.append(run_mlp(tail, h1).reshape(a.shape[1], b.shape[1]))
    return weights[0], run_mlp(bias_net, hidden_codes)[0], weights[1], output_bias[0]


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
