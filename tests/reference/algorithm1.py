"""Shuvaev et al.'s Algorithm 1 (PNAS 2024), transcribed into PyTorch from the procedure
in docs/science.md, independently of innate's C++ (the codes, the g-net, the genome's
layout, the training and the regression are all written here from their definitions).

Each iteration: train the network `batches` Adam steps of `batch` images (a fresh Adam,
default betas); regress each weight layer's g-net by MSE onto the trained weights at the
sampled entries (one pass, batches of `fit_batch`), then the bias net and the stored
output biases onto every bias (`bias_passes` passes); regenerate the network from the
genome. The choices the paper's text leaves open, made as docs/images.md states:
  - one torch.optim.Adam per genome part (each g-net, each bias net, the output biases),
    created once and kept across iterations; a batch steps the parts it reaches
    (genome_adam = "per_part"). "shared": one Adam over the whole genome, every part
    stepped at every batch with a zero gradient where the batch does not reach it;
  - regression targets are the trained weights themselves (no scaling);
  - the network's Adam is fresh each iteration; regeneration replaces every weight and
    bias by what the genome generates.

Used two ways:
  python algorithm1.py check TRACE_DIR     replay innate's trace (tests/reference/
      algorithm1_trace.cpp): the same start, examples and samples; exit 1 unless every
      iteration's genome agrees with innate's to float tolerance.
  python algorithm1.py run SPLIT_DIR OUT.json --seed S [--network-learning-rate 1e-3 ...]
      Algorithm 1 from the transcription's own random start on a split exported by
      tests/reference/export_split (the images innate's runs see); writes the decoded
      network's validation and test accuracy (docs/images.md's side-by-side table).
Exit 77 where PyTorch is missing (the test is then skipped; scripts/test installs it).
"""
import json
import os
import sys
import time

try:
    import numpy as np
    import torch
except ImportError as missing:
    print(f"algorithm1.py: skipped: {missing.name} is not installed (Debian: apt-get install python3-torch)")
    sys.exit(77)

torch.set_default_dtype(torch.float32)


# --- identity codes ----------------------------------------------------------------------
def bits(value, width):
    """The `width` bits of `value`, most significant first."""
    return [(value >> (width - 1 - b)) & 1 for b in range(width)]


def image_codes(height, width):
    """Pixel (y, x) in row-major order: Gray(x) in ceil(log2 width) bits, then Gray(y)."""
    wx, wy = max(1, (width - 1).bit_length()), max(1, (height - 1).bit_length())
    columns = [bits(x ^ (x >> 1), wx) + bits(y ^ (y >> 1), wy) for y in range(height) for x in range(width)]
    return torch.tensor(columns, dtype=torch.float32).T


def unit_codes(n):
    """Hidden units 0..n-1: the binary code of 1..n in bit_length(n) bits."""
    return torch.tensor([bits(i + 1, n.bit_length()) for i in range(n)], dtype=torch.float32).T


def layer_codes(layers, image_shape):
    codes = [image_codes(*image_shape)]
    codes += [unit_codes(n) for n in layers[1:-1]]
    return codes + [torch.eye(layers[-1])]


# --- the genome: small MLPs in one flat vector ---------------------------------------------
class Mlp:
    """A small MLP over columns (ReLU between layers, linear output); its parameters are
    views of consecutive slices of a flat genome: per layer W (out x in, column-major),
    then b."""

    def __init__(self, sizes, flat):
        self.tensors, self.shapes, at = [], [], 0
        for fan_in, fan_out in zip(sizes, sizes[1:]):
            w = flat[at:at + fan_out * fan_in].reshape(fan_in, fan_out).T.clone()
            at += fan_out * fan_in
            b = flat[at:at + fan_out].clone()
            at += fan_out
            self.tensors += [w.requires_grad_(), b.requires_grad_()]
        self.size = at

    def __call__(self, h):
        for k in range(0, len(self.tensors), 2):
            h = self.tensors[k] @ h + self.tensors[k + 1][:, None]
            if k + 2 < len(self.tensors):
                h = torch.relu(h)
        return h[0]

    def flat(self):
        out = []
        for k in range(0, len(self.tensors), 2):
            out += [self.tensors[k].detach().T.reshape(-1), self.tensors[k + 1].detach()]
        return torch.cat(out)


class GNetGenome:
    """Per weight layer a g-net on [code(post); code(pre)], per hidden layer a bias net on
    the unit's code, then the output biases stored directly."""

    def __init__(self, manifest, flat):
        layers = manifest["layers"]
        self.layers, self.codes = layers, layer_codes(layers, manifest["image_shape"])
        self.gnets, at = [], 0
        for k in range(len(layers) - 1):
            width = self.codes[k + 1].shape[0] + self.codes[k].shape[0]
            net = Mlp([width] + manifest["gnet_hidden"] + [1], flat[at:])
            self.gnets.append(net)
            at += net.size
        self.bias_nets = []
        for l in range(1, len(layers) - 1):
            net = Mlp([self.codes[l].shape[0]] + manifest["bias_hidden"] + [1], flat[at:])
            self.bias_nets.append(net)
            at += net.size
        self.output_bias = flat[at:at + layers[-1]].clone().requires_grad_()
        assert at + layers[-1] == len(flat), "genome size"
        self.parts = [g.tensors for g in self.gnets] + [b.tensors for b in self.bias_nets] + [[self.output_bias]]

    def weights(self, k, i, j):
        """W_k[i, j] for index tensors i (post) and j (pre)."""
        return self.gnets[k](torch.cat([self.codes[k + 1][:, i], self.codes[k][:, j]]))

    def biases(self):
        hidden = [net(self.codes[l + 1]) for l, net in enumerate(self.bias_nets)]
        return hidden + [self.output_bias]

    def decode(self):
        """The network: per layer (W, b)."""
        with torch.no_grad():
            out = []
            for k, b in enumerate(self.biases()):
                post, pre = self.layers[k + 1], self.layers[k]
                i, j = torch.arange(post).repeat_interleave(pre), torch.arange(pre).repeat(post)
                out.append((self.weights(k, i, j).reshape(post, pre).clone(), b.detach().clone()))
            return out

    def flat(self):
        return torch.cat([g.flat() for g in self.gnets] + [b.flat() for b in self.bias_nets] +
                         [self.output_bias.detach()])


# --- the network ------------------------------------------------------------------------
def unflatten_network(layers, flat):
    out, at = [], 0
    for fan_in, fan_out in zip(layers, layers[1:]):
        w = flat[at:at + fan_out * fan_in].reshape(fan_in, fan_out).T.clone()
        at += fan_out * fan_in
        out.append((w, flat[at:at + fan_out].clone()))
        at += fan_out
    return out


def logits(network, x):  # x: (batch, pixels)
    h = x
    for k, (w, b) in enumerate(network):
        h = h @ w.T + b
        if k + 1 < len(network):
            h = torch.relu(h)
    return h


def train_network(network, x, y, examples, manifest):
    """`batches` Adam steps, a fresh Adam; returns the trained (W, b) per layer."""
    params = [t.clone().requires_grad_() for pair in network for t in pair]
    adam = torch.optim.Adam(params, lr=manifest["network_learning_rate"])
    batch = manifest["batch"]
    for s in range(manifest["batches"]):
        rows = examples[s * batch:(s + 1) * batch]
        adam.zero_grad()
        pairs = list(zip(params[0::2], params[1::2]))
        torch.nn.functional.cross_entropy(logits(pairs, x[rows]), y[rows]).backward()
        adam.step()
    return [(w.detach(), b.detach()) for w, b in zip(params[0::2], params[1::2])]


# --- Algorithm 1 --------------------------------------------------------------------------
class Fitter:
    """The genome's optimizers, kept across iterations."""

    def __init__(self, genome, manifest):
        self.genome, self.manifest = genome, manifest
        lr = manifest["fit_learning_rate"]
        self.shared = manifest["genome_adam"] == "shared"
        every = [t for part in genome.parts for t in part]
        if self.shared:
            for t in every:
                t.grad = torch.zeros_like(t)
            self.optimizers = [torch.optim.Adam(every, lr=lr)]
        else:
            self.optimizers = [torch.optim.Adam(part, lr=lr) for part in genome.parts]

    def step(self, loss, parts):
        for opt in self.optimizers:
            opt.zero_grad(set_to_none=not self.shared)
        loss.backward()
        for p in ([0] if self.shared else parts):
            self.optimizers[p].step()

    def regress_weights(self, k, entries, target):
        post = self.genome.layers[k + 1]
        i, j = entries % post, entries // post  # column-major: entry = j * post + i
        fit_batch = self.manifest["fit_batch"]
        for first in range(0, len(entries), fit_batch):
            ii, jj = i[first:first + fit_batch], j[first:first + fit_batch]
            loss = ((self.genome.weights(k, ii, jj) - target[ii, jj]) ** 2).mean()
            self.step(loss, [k])

    def regress_biases(self, targets):
        layers = len(self.genome.layers) - 1
        bias_parts = list(range(layers, 2 * layers))
        assert sum(len(t) for t in targets) <= self.manifest["fit_batch"], "one batch of biases"
        for _ in range(self.manifest["bias_passes"]):
            values = torch.cat(self.genome.biases())
            loss = ((values - torch.cat(targets)) ** 2).mean()
            self.step(loss, bias_parts)


def iterate(genome, fitter, network, x, y, examples, samples, manifest):
    """One iteration of Algorithm 1; returns the regenerated network."""
    trained = train_network(network, x, y, examples, manifest)
    offset = 0
    for k, (w, b) in enumerate(trained):
        fitter.regress_weights(k, samples[k] - offset, w)
        offset += w.numel() + b.numel()
    fitter.regress_biases([b for _, b in trained])
    return genome.decode()


# --- check: replay innate's trace ----------------------------------------------------------
def load(trace, name, dtype):
    """A raw little-endian array; unsigned 64-bit indices are read as int64 (all < 2^63)."""
    data = np.fromfile(os.path.join(trace, name), dtype=np.int64 if dtype == np.uint64 else dtype)
    return torch.from_numpy(data.copy())


def check(trace, rtol=1e-4, atol=1e-5):
    with open(os.path.join(trace, "manifest.json")) as f:
        manifest = json.load(f)
    layers = manifest["layers"]
    x = load(trace, "train_x.f32", np.float32).reshape(manifest["examples"], layers[0])
    y = load(trace, "train_y.u64", np.uint64)
    genome = GNetGenome(manifest, load(trace, "genome_0.f32", np.float32))
    fitter = Fitter(genome, manifest)
    network = unflatten_network(layers, load(trace, "network_0.f32", np.float32))
    worst = 0.0
    for t in range(1, manifest["iterations"] + 1):
        examples = load(trace, f"examples_{t}.u64", np.uint64)
        samples = [load(trace, f"samples_{t}_{k}.u64", np.uint64) for k in range(len(layers) - 1)]
        network = iterate(genome, fitter, network, x, y, examples, samples, manifest)
        ours, theirs = genome.flat(), load(trace, f"genome_{t}.f32", np.float32)
        excess = ((ours - theirs).abs() - (atol + rtol * theirs.abs())).max().item()
        error = (ours - theirs).abs().max().item()
        moved = (theirs - load(trace, f"genome_{t - 1}.f32", np.float32)).abs().max().item()
        print(f"iteration {t}: max |innate - transcription| = {error:.3g} (the genome moved up to {moved:.3g})")
        worst = max(worst, excess)
    if worst > 0:
        print(f"algorithm1.py: FAIL: genomes differ beyond {rtol} relative + {atol} absolute")
        return 1
    print(f"algorithm1.py: innate's Algorithm 1 ({manifest['genome_adam']} Adam) agrees with the transcription")
    return 0


# --- run: Algorithm 1 from its own random start on an exported split ----------------------
def genome_size(manifest):
    layers, codes = manifest["layers"], layer_codes(manifest["layers"], manifest["image_shape"])
    mlp = lambda sizes: sum(o * i + o for i, o in zip(sizes, sizes[1:]))
    size = sum(mlp([codes[k + 1].shape[0] + codes[k].shape[0]] + manifest["gnet_hidden"] + [1])
               for k in range(len(layers) - 1))
    size += sum(mlp([codes[l].shape[0]] + manifest["bias_hidden"] + [1]) for l in range(1, len(layers) - 1))
    return size + layers[-1]


def normalise_output(net, outputs, target):
    """Rescales the net's last layer so its outputs have mean 0 and (population) std `target`."""
    mean, sd = outputs.double().mean().item(), outputs.double().std(unbiased=False).item()
    scale = target / sd if sd > 0 else 0.0
    with torch.no_grad():
        net.tensors[-2].mul_(scale)
        net.tensors[-1].sub_(mean).mul_(scale)


def initial_genome(manifest, generator):
    """PyTorch's nn.Linear default (uniform within 1/sqrt(fan_in), weights and biases) for
    every g-net and bias net, then each g-net's output rescaled so its layer's decoded
    weights have mean 0 and the Kaiming std sqrt(2 / fan_in), each bias net's to std 0.01;
    output biases 0."""
    genome = GNetGenome(manifest, torch.zeros(genome_size(manifest)))
    with torch.no_grad():
        for net in genome.gnets + genome.bias_nets:
            for k in range(0, len(net.tensors), 2):
                bound = 1 / net.tensors[k].shape[1] ** 0.5
                for t in net.tensors[k:k + 2]:
                    t.copy_(torch.rand(t.shape, generator=generator) * 2 * bound - bound)
    for k, (w, _) in enumerate(genome.decode()):
        normalise_output(genome.gnets[k], w, (2 / manifest["layers"][k]) ** 0.5)
    with torch.no_grad():
        hidden = [net(genome.codes[l + 1]) for l, net in enumerate(genome.bias_nets)]
    for net, b in zip(genome.bias_nets, hidden):
        normalise_output(net, b, 0.01)
    return genome


def accuracy(network, x, y):
    with torch.no_grad():
        return (logits(network, x).argmax(1) == y).double().mean().item()


def run(split_dir, out, seed, settings):
    """Algorithm 1 for `iterations` from the transcription's own start (torch generator
    seeded by `seed`) on an exported split; writes the decoded network's validation and
    test accuracy to `out` (JSON). Each iteration's minibatches come from a fresh shuffle
    of the training set (epochs without replacement), its weight samples uniformly with
    replacement over each layer's entries."""
    with open(os.path.join(split_dir, "split.json")) as f:
        split = json.load(f)
    data = {}
    for name, n in split["examples"].items():
        x = load(split_dir, f"{name}_x.f32", np.float32).reshape(n, -1)
        data[name] = (x, load(split_dir, f"{name}_y.u64", np.uint64))
    manifest = dict(settings, image_shape=split["image_shape"], genome_adam="per_part")
    layers = manifest["layers"]
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    genome = initial_genome(manifest, generator)
    fitter, network = Fitter(genome, manifest), genome.decode()
    x, y = data["train"]
    need = manifest["batches"] * manifest["batch"]
    started = time.time()
    for t in range(1, manifest["iterations"] + 1):
        order = torch.cat([torch.randperm(len(y), generator=generator) for _ in range(-(-need // len(y)))])[:need]
        offsets = [sum(o * i + o for i, o in zip(layers[:k], layers[1:k + 1])) for k in range(len(layers) - 1)]
        samples = [offsets[k] + torch.randint(layers[k] * layers[k + 1], (manifest["samples"][k],), generator=generator)
                   for k in range(len(layers) - 1)]
        network = iterate(genome, fitter, network, x, y, order, samples, manifest)
        if t % 50 == 0:
            print(f"algorithm1.py: seed {seed} iteration {t}: validation {accuracy(network, *data['validation']):.4f}",
                  flush=True)
    result = {"seed": seed, "settings": settings, "wall_seconds": time.time() - started,
              "validation": accuracy(network, *data["validation"]), "test": accuracy(network, *data["test"])}
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
    print(f"algorithm1.py: seed {seed}: validation {result['validation']:.4f}, test {result['test']:.4f}")
    return 0


def run_arguments(argv):
    """run SPLIT_DIR OUT.json --seed S [--KEY VALUE ...] over the defaults below."""
    settings = {"layers": [784, 800, 10], "gnet_hidden": [30, 10], "bias_hidden": [5], "iterations": 500,
                "batches": 100, "batch": 100, "network_learning_rate": 3e-4, "fit_learning_rate": 1e-4,
                "samples": [400000, 40000], "fit_batch": 1000, "bias_passes": 3}
    split_dir, out, rest, seed = argv[0], argv[1], argv[2:], 1
    for key, value in zip(rest[0::2], rest[1::2]):
        key = key.lstrip("-").replace("-", "_")
        if key == "seed":
            seed = int(value)
        elif key in settings:
            settings[key] = json.loads(value)
        else:
            sys.exit(f"algorithm1.py: unknown setting --{key}")
    return split_dir, out, seed, settings


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) >= 4 and sys.argv[1] == "run":
        sys.exit(run(*run_arguments(sys.argv[2:])))
    print(__doc__)
    sys.exit(2)
