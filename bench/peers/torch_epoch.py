"""Peer of bench_training: one epoch of 784-256-10 (ReLU, Adam 1e-3, batch 128,
cross-entropy) on the same Fashion-MNIST training set, with Debian's python3-torch.
Run with /usr/bin/python3 (the default python3 here has no torch). Prints one CSV row
`pytorch,THREADS,SECONDS,TEST_ACCURACY` and a comment line with torch's build."""
import gzip, re, struct, sys, time

import numpy as np
import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
root = "/usr/share/datasets/fashion-mnist/"


def idx(name):
    with gzip.open(root + name) as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


x = torch.tensor(idx("train-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
y = torch.tensor(idx("train-labels-idx1-ubyte.gz"), dtype=torch.long)
xt = torch.tensor(idx("t10k-images-idx3-ubyte.gz").reshape(-1, 784), dtype=torch.float32) / 255
yt = torch.tensor(idx("t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
torch.manual_seed(1)
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
order = torch.randperm(len(y))
start = time.perf_counter()
for b in range(len(y) // 128):
    idx_b = order[b * 128:(b + 1) * 128]
    opt.zero_grad()
    loss_fn(model(x[idx_b]), y[idx_b]).backward()
    opt.step()
seconds = time.perf_counter() - start
with torch.no_grad():
    acc = (model(xt).argmax(1) == yt).float().mean().item()
blas = re.findall(r"BLAS_INFO=\w+", torch.__config__.show())
print(f"pytorch,{torch.get_num_threads()},{seconds:.4f},{acc:.4f}")
print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads, "
      f"{blas[0] if blas else 'BLAS unknown'}")
