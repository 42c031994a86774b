"""The GN30 g-network genome of 784-800-10 transcribed into PyTorch, shared by the peers
of bench_decode and bench_fitting: the same shapes and operations as innate's decode
(codes of 10 + 10 bits per weight layer: image coordinates or binary codes of the hidden
units, one-hot outputs; g-nets 20-30-10-1 with ReLU; a 10-5-1 bias net for the hidden
biases; the output biases stored directly). The values are random (PyTorch's default
init, seed 1): only the arithmetic is timed."""
import torch

torch.manual_seed(1)
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
