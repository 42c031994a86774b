#!/usr/bin/env python3
"""A CartPole policy evaluated through innate.make, with Gymnasium's reset/step API.

The policy is a linear controller on the pole's angle and angular velocity (a hand-set
baseline: it balances for the full 500 steps), scored over 20 seeded episodes; then the
same for a random policy. Swap in your own policy (numpy, torch, a network from
innate.decode) where `policy` is defined.

    python3 examples/cartpole_policy.py
"""
import numpy as np

import innate


def episode_return(env, policy, seed):
    obs, _ = env.reset(seed=seed)  # the start `innate env rollout CartPole-v1 --seed N` draws
    total, done = 0.0, False
    while not done:
        obs, reward, terminated, truncated, _ = env.step(policy(obs))
        total += reward
        done = terminated or truncated
    return total


env = innate.make("CartPole-v1")
print(env.observation_space, env.action_space)


def policy(obs):  # push the cart the way the pole falls
    return int(obs[2] + 0.5 * obs[3] > 0)


rng = np.random.default_rng(0)
for name, act in (("linear", policy), ("random", lambda obs: int(rng.integers(2)))):
    returns = [episode_return(env, act, seed) for seed in range(20)]
    print(f"{name:6s} policy: mean return {np.mean(returns):6.1f} over 20 episodes (min {min(returns):.0f})")
