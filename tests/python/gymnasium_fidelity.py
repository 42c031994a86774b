#!/usr/bin/env python3
"""innate's control environments against Gymnasium itself (pip's `gymnasium`).

For each environment: the same start state and the same actions in both, every step's
internal state, reward, terminated and truncated compared; plus the three fidelity points
(MountainCarContinuous keeps a float32 state, Acrobot starts from a float32 state, and
`truncated` is set at the step limit even on a terminal step).
Usage: gymnasium_fidelity.py INNATE_BINARY. Exit 77 (skipped) when gymnasium is absent."""
import csv, io, subprocess, sys

try:
    import gymnasium as gym
    import numpy as np
except ImportError:
    print("gymnasium not installed (python3 -m pip install gymnasium): skipped")
    sys.exit(77)

INNATE = sys.argv[1]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def innate_rollout(env_id, actions, state=None, seed=None):
    cmd = [INNATE, "env", "rollout", env_id, "--actions", ",".join(repr(a) for a in actions)]
    if state is not None:
        cmd += ["--state", ",".join(repr(float(v)) for v in state)]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def gym_rollout(env_id, actions, state):
    env = gym.make(env_id)
    env.reset(seed=0)
    env.unwrapped.state = np.array(state, dtype=env.unwrapped.state.dtype)
    rows = []
    for a in actions:
        action = a if isinstance(env.action_space, gym.spaces.Discrete) else np.array([a], dtype=np.float32)
        _, reward, terminated, truncated, _ = env.step(action)
        rows.append((np.array(env.unwrapped.state, dtype=np.float64), reward, terminated, truncated))
        if terminated or truncated:
            break
    return rows


def compare(env_id, actions, state, tolerance):
    ours, theirs = innate_rollout(env_id, actions, state), gym_rollout(env_id, actions, state)
    check(len(ours) == len(theirs), f"{env_id}: {len(ours)} steps, Gymnasium {len(theirs)}")
    names = [k for k in ours[0] if k not in ("step", "reward", "terminated", "truncated")]
    worst = 0.0
    for t, (row, (s, reward, terminated, truncated)) in enumerate(zip(ours, theirs)):
        mine = np.array([float(row[n]) for n in names])
        worst = max(worst, float(np.max(np.abs(mine - s))))
        check(abs(float(row["reward"]) - reward) <= tolerance * max(1.0, abs(reward)), f"{env_id} step {t + 1}: reward")
        check(int(row["terminated"]) == terminated, f"{env_id} step {t + 1}: terminated")
        check(int(row["truncated"]) == truncated, f"{env_id} step {t + 1}: truncated")
    check(worst <= tolerance, f"{env_id}: state differs by {worst:g} (tolerance {tolerance:g})")
    print(f"{env_id}: {len(ours)} steps, largest state difference {worst:.3g}")
    return ours, theirs


rng = np.random.default_rng(1)
# Whole episodes to the step limit or the end, random actions (continuous ones float32).
compare("CartPole-v1", [int(a) for a in rng.integers(0, 2, 200)], [0.01, -0.02, 0.03, 0.01], 1e-9)
# Acrobot's start state is float32 there (reset casts it); give both the same float32 values.
compare("Acrobot-v1", [int(a) for a in rng.integers(0, 3, 500)],
        [float(np.float32(v)) for v in (0.05, -0.03, 0.02, 0.01)], 1e-9)
compare("Pendulum-v1", [float(np.float32(a)) for a in rng.uniform(-2, 2, 200)], [2.0, -0.5], 1e-9)

# MountainCarContinuous: a float32 state after every step (a double state drifts away
# from Gymnasium's by about 1e-6 over an episode).
ours, theirs = compare("MountainCarContinuous-v0", [float(np.float32(a)) for a in rng.uniform(-1, 1, 999)],
                       [-0.5, 0.0], 1e-9)
check(all(float(np.float32(float(r["position"]))) == float(r["position"]) for r in ours),
      "MountainCarContinuous: every position is a float32")
check(ours[-1]["truncated"] == "1", "MountainCarContinuous: truncated at step 999")

# Acrobot's reset casts its start state to float32 there (innate's reset does too, with its
# own stream: tests/test_envs.cpp checks every value is a float32).
for seed in range(5):
    env = gym.make("Acrobot-v1")
    env.reset(seed=seed)
    check(env.unwrapped.state.dtype == np.float32, "Gymnasium's Acrobot start state is float32")


# truncated on a terminal step: a MountainCarContinuous episode (bit-exact with Gymnasium
# above) that reaches the goal at exactly step 999, the step limit: 850 small random
# actions, then pushing with the velocity (found by search; recomputed here in Gymnasium).
rng = np.random.default_rng(27)
env = gym.make("MountainCarContinuous-v0")
env.reset(seed=0)
env.unwrapped.state = np.array([-0.5, 0.0])
actions = []
for t in range(999):
    a = float(np.float32(rng.uniform(-0.3, 0.3))) if t < 850 else (0.6 if env.unwrapped.state[1] >= 0 else -0.6)
    actions.append(float(np.float32(a)))
    _, _, terminated, truncated, _ = env.step(np.array([a], dtype=np.float32))
    if terminated or truncated:
        break
check(len(actions) == 999 and terminated and truncated, "Gymnasium: terminated and truncated at step 999")
last = innate_rollout("MountainCarContinuous-v0", actions, state=[-0.5, 0.0])[-1]
check(last["step"] == "999" and last["terminated"] == "1" and last["truncated"] == "1",
      f"innate's last step {last['step']}: terminated={last['terminated']} truncated={last['truncated']}")

print(f"gymnasium {gym.__version__}, numpy {np.__version__}: {len(failures)} failures")
sys.exit(1 if failures else 0)
