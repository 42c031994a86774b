"""Gymnasium's MuJoCo environment stepped from Python, as a user runs it: gym.make without
the environment checker (a skilled user's choice: it checks only the first steps anyway),
actions drawn beforehand, reset on termination or truncation.
Prints: peer,env,steps,seconds,steps_per_second (the best of `repeats` runs).
Usage: gymnasium_steps.py ENV STEPS REPEATS"""
import sys
import time

import gymnasium as gym
import numpy as np

env_id, steps, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
env = gym.make(env_id, disable_env_checker=True)
rng = np.random.default_rng(0)
actions = (0.3 * rng.uniform(-1, 1, (steps, env.action_space.shape[0]))).astype(np.float32)
best = float("inf")
for _ in range(repeats):
    env.reset(seed=0)
    start = time.perf_counter()
    for a in actions:
        _, _, terminated, truncated, _ = env.step(a)
        if terminated or truncated:
            env.reset()
    best = min(best, time.perf_counter() - start)
print(f"gymnasium,{env_id},{steps},{best:.4f},{steps / best:.1f}")
