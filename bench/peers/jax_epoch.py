"""Peer of bench_training: one epoch of 784-256-10 (ReLU, Adam 1e-3, batch 128,
cross-entropy) on the same Fashion-MNIST training file, in JAX on the CPU (XLA), written
as a skilled user would: the whole epoch one jitted lax.scan over the batches (gathering
included), compiled and run once before the timed epochs (the fastest of REPEATS, common.py).

XLA sizes its CPU thread pool from the cores the process may run on, so each thread count
runs in a child process pinned to that many cores (os.sched_setaffinity before jax loads).

Usage: python jax_epoch.py MAX_THREADS [LABEL]
Prints `# ...` lines and one CSV row per thread count: peer,threads,blas_threads,seconds,test_accuracy.
"""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from common import HEADER, REPEATS, best_seconds, fashion_mnist, loaded_blas, row  # noqa: E402

max_threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
label = sys.argv[2] if len(sys.argv) > 2 else "jax"

if len(sys.argv) > 3:  # child: one thread count
    threads = int(sys.argv[3])
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:threads])
    os.environ["JAX_PLATFORMS"] = "cpu"
    import jax
    import jax.numpy as jnp

    x, y, xt, yt = (jnp.asarray(a) for a in fashion_mnist())
    y, yt = y.astype(jnp.int32), yt.astype(jnp.int32)

    def init(key):  # PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        k = jax.random.split(key, 4)
        u = lambda k, shape, fan_in: jax.random.uniform(k, shape, jnp.float32, -1, 1) / jnp.sqrt(fan_in)
        return {"w1": u(k[0], (784, 256), 784), "b1": u(k[1], (256,), 784),
                "w2": u(k[2], (256, 10), 256), "b2": u(k[3], (10,), 256)}

    def loss(p, xb, yb):
        logits = jax.nn.relu(xb @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]
        return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), yb[:, None], axis=1))

    @jax.jit
    def train_epoch(p, batches):
        zeros = jax.tree_util.tree_map(jnp.zeros_like, p)

        def step(carry, batch):
            p, m, v, t = carry
            g = jax.grad(loss)(p, x[batch], y[batch])
            t = t + 1
            m = jax.tree_util.tree_map(lambda m, g: 0.9 * m + 0.1 * g, m, g)
            v = jax.tree_util.tree_map(lambda v, g: 0.999 * v + 0.001 * g * g, v, g)
            a = 1e-3 * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
            p = jax.tree_util.tree_map(lambda p, m, v: p - a * m / (jnp.sqrt(v) + 1e-8), p, m, v)
            return (p, m, v, t), None

        (p, _, _, _), _ = jax.lax.scan(step, (p, zeros, zeros, 0.0), batches)
        return p

    order = jax.random.permutation(jax.random.PRNGKey(1), len(y))
    batches = order[: len(y) // 128 * 128].reshape(-1, 128)
    params = init(jax.random.PRNGKey(0))
    compiled = train_epoch.lower(params, batches).compile()  # compiling is not timed
    # After a warm-up epoch (first-call costs), the fastest of REPEATS from the same start;
    # every call trains the same network, the last one's is kept for the accuracy.
    last = {}

    def epoch():
        last["trained"] = jax.block_until_ready(compiled(params, batches))

    seconds = best_seconds(epoch, REPEATS)
    trained = last["trained"]
    logits = jax.nn.relu(xt @ trained["w1"] + trained["b1"]) @ trained["w2"] + trained["b2"]
    accuracy = float((logits.argmax(1) == yt).mean())
    if threads == 1:
        print(f"# {label}: jax {jax.__version__}, XLA CPU, loaded: {', '.join(loaded_blas()) or 'no separate BLAS library (XLA emits its own kernels)'}")
    row(label, threads, threads, seconds, accuracy)
    sys.exit(0)

print(HEADER)
for threads in range(1, max_threads + 1):
    out = subprocess.run([sys.executable, __file__, str(max_threads), label, str(threads)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"jax_epoch.py: {threads} threads failed: {out.stderr.strip().splitlines()[-1:]}")
    for line in out.stdout.splitlines():
        if line != HEADER:
            print(line, flush=True)
