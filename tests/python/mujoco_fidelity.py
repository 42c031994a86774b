#!/usr/bin/env python3
"""innate's MuJoCo environments (HalfCheetah, Ant, Hopper, Walker2d, Swimmer) against Gymnasium's own (pip's gymnasium and mujoco, the
version innate's CMake pins).

For each environment and start: Gymnasium's env reset with a seed gives the start state
(qpos, qvel); both then step the same 1,000 actions from it, and every step's internal
state, observation, reward, terminated and truncated are compared: the same library from
the same state computes the same bits, so state and observation must be equal exactly
(the reward to 1e-12: NumPy sums its cost terms pairwise). The actions are
float32 values (what a float32 action space holds) passed to both as float64. A body
change is checked too: innate's shortened leg against Gymnasium's env on an XML edited the
same way.
Usage: mujoco_fidelity.py INNATE_BINARY. Exit 77 (skipped) when gymnasium, mujoco or
innate's MuJoCo build is absent, unless INNATE_REQUIRE_MUJOCO=1 (scripts/test), where
that is a failure."""
import csv, io, os, subprocess, sys, tempfile

REQUIRED = os.environ.get("INNATE_REQUIRE_MUJOCO") == "1"


def skip(why):
    print(why + (": failed (INNATE_REQUIRE_MUJOCO=1)" if REQUIRED else ": skipped"))
    sys.exit(1 if REQUIRED else 77)


try:
    import gymnasium as gym
    import mujoco
    import numpy as np
except ImportError as e:
    skip(f"{e.name} not installed (python3 -m pip install -r tests/python/requirements.txt)")

INNATE = sys.argv[1]
probe = subprocess.run([INNATE, "env", "rollout", "HalfCheetah-v5", "--actions", "0,0,0,0,0,0"], capture_output=True,
                       text=True)
if probe.returncode != 0:
    skip(f"innate built without MuJoCo ({probe.stderr.strip()})")

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def innate_rollout(env_id, actions, state, body="intact"):
    cmd = [INNATE, "env", "rollout", env_id, "--observations", "--body", body, "--state",
           ",".join(repr(float(v)) for v in state)]
    for chunk in range(0, len(actions), 100):  # one argument may not exceed 128 KiB
        cmd += ["--actions", ",".join(repr(float(v)) for a in actions[chunk:chunk + 100] for v in a)]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:  # the error, not the command's 100 KiB of actions
        raise SystemExit(f"innate env rollout {env_id} --body {body} failed: {run.stderr.strip()}")
    return list(csv.DictReader(io.StringIO(run.stdout)))


def gym_rollout(env, seed, actions):
    env.reset(seed=seed)
    data = env.unwrapped.data
    start = np.concatenate([data.qpos, data.qvel])
    rows = []
    for a in actions:
        obs, reward, terminated, truncated, _ = env.step(a)
        rows.append((np.concatenate([data.qpos, data.qvel]), obs, reward, terminated, truncated))
        if terminated or truncated:
            break
    return start, rows


def compare(label, env, env_id, seed, actions, body="intact"):
    start, theirs = gym_rollout(env, seed, actions)
    ours = innate_rollout(env_id, actions, start, body)
    check(len(ours) == len(theirs), f"{label}: {len(ours)} steps, Gymnasium {len(theirs)}")
    states = [k for k in ours[0] if k.startswith("qpos_") or k.startswith("qvel_")]
    observations = [k for k in ours[0] if k.startswith("obs")]
    check(len(states) == len(start), f"{label}: {len(states)} state values, Gymnasium {len(start)}")
    check(len(observations) == len(theirs[0][1]), f"{label}: observation of {len(observations)}, "
          f"Gymnasium {len(theirs[0][1])}")
    worst_state = worst_obs = worst_reward = 0.0
    for t, (row, (state, obs, reward, terminated, truncated)) in enumerate(zip(ours, theirs)):
        worst_state = max(worst_state, float(np.max(np.abs(np.array([float(row[k]) for k in states]) - state))))
        mine = np.array([float(row[k]) for k in observations])  # float32 values
        worst_obs = max(worst_obs, float(np.max(np.abs(mine - obs.astype(np.float32)))))
        worst_reward = max(worst_reward, abs(float(row["reward"]) - reward))
        check(int(row["terminated"]) == terminated, f"{label} step {t + 1}: terminated")
        check(int(row["truncated"]) == truncated, f"{label} step {t + 1}: truncated")
    check(worst_state == 0, f"{label}: state differs by {worst_state:g}")
    check(worst_obs == 0, f"{label}: observation differs by {worst_obs:g}")
    check(worst_reward <= 1e-12, f"{label}: reward differs by {worst_reward:g}")
    print(f"{label}: {len(ours)} steps; largest difference: state {worst_state:.3g}, observation "
          f"{worst_obs:.3g}, reward {worst_reward:.3g}; last truncated={ours[-1]['truncated']} "
          f"terminated={ours[-1]['terminated']}")


# The models innate embeds are Gymnasium's, byte for byte.
assets = os.path.join(os.path.dirname(gym.__file__), "envs", "mujoco", "assets")
ours_dir = os.path.join(os.path.dirname(__file__), "..", "..", "tasks", "control", "envs", "assets")
for name in sorted(f for f in os.listdir(ours_dir) if f.endswith(".xml")):
    check(open(os.path.join(ours_dir, name), "rb").read() == open(os.path.join(assets, name), "rb").read(),
          f"{name}: not Gymnasium's own")

rng = np.random.default_rng(1)
for env_id in ("HalfCheetah-v5", "Ant-v5", "Hopper-v5", "Walker2d-v5", "Swimmer-v5"):
    env = gym.make(env_id)
    for seed in (0, 1):
        actions = rng.uniform(-1, 1, (1000, env.action_space.shape[0])).astype(np.float32).astype(np.float64)
        compare(f"{env_id} seed {seed}", env, env_id, seed, actions)
    # Small actions keep the walkers up longer (the Ant and the swimmers for all 1,000 steps).
    actions = (0.1 * rng.uniform(-1, 1, (1000, env.action_space.shape[0]))).astype(np.float32).astype(np.float64)
    compare(f"{env_id} small actions", env, env_id, 2, actions)

def compare_edited(env_id, xml_name, replacements, seed, body):
    """innate's `body` against Gymnasium's env_id on its XML with `replacements` made by hand."""
    xml = open(os.path.join(assets, xml_name)).read()
    edited = xml
    for old, new in replacements:
        check(old in edited, f"{xml_name}: {old!r} found")
        edited = edited.replace(old, new)
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(edited)
    try:
        env = gym.make(env_id, xml_file=f.name)
        actions = rng.uniform(-1, 1, (300, env.action_space.shape[0])).astype(np.float32).astype(np.float64)
        compare(f"{env_id} {body}", env, env_id, seed, actions, body=body)
    finally:
        os.unlink(f.name)


def capsule(model, name):
    """A capsule geom's two ends in its body's frame: (the end nearer the body's origin, the other)."""
    g = model.geom(name)
    axis = np.zeros(3)
    mujoco.mju_rotVecQuat(axis, np.array([0.0, 0.0, 1.0]), g.quat)
    return sorted([g.pos - g.size[1] * axis, g.pos + g.size[1] * axis], key=lambda e: float(e @ e))


def text(vector):
    return " ".join(repr(float(v)) for v in vector)


# A limb given by fromto: the Ant's right_ankle_geom at 0.6 of its length (0.4 -> 0.24).
compare_edited("Ant-v5", "ant.xml", [('fromto="0.0 0.0 0.0 -0.4 0.4 0.0" name="right_ankle_geom"',
                                      'fromto="0.0 0.0 0.0 -0.24 0.24 0.0" name="right_ankle_geom"')],
               3, "limb:right_ankle_geom=0.6")
# A limb given by pos and orientation: HalfCheetah's back foot at half its length,
# rewritten as fromto from the joint end (the end nearer the body's origin) to half way.
cheetah = mujoco.MjModel.from_xml_path(os.path.join(assets, "half_cheetah.xml"))
near, far = capsule(cheetah, "bfoot")
compare_edited("HalfCheetah-v5", "half_cheetah.xml",
               [('<geom axisangle="0 1 0 -.27" name="bfoot" pos=".03 0 -.097" rgba="0.9 0.6 0.6 1" size="0.046 .094"',
                 f'<geom fromto="{text(np.concatenate([near, near + 0.5 * (far - near)]))}" name="bfoot" '
                 'rgba="0.9 0.6 0.6 1" size="0.046"')], 4, "limb:bfoot=0.5")
# A limb with a body hanging from it: the back shin at half its length, and the foot (the
# bfoot body) moved with the shin's far end.
near, far = capsule(cheetah, "bshin")
end = near + 0.5 * (far - near)
compare_edited("HalfCheetah-v5", "half_cheetah.xml",
               [('<geom axisangle="0 1 0 -2.03" name="bshin" pos="-.14 0 -.07" rgba="0.9 0.6 0.6 1" size="0.046 .15"',
                 f'<geom fromto="{text(np.concatenate([near, end]))}" name="bshin" rgba="0.9 0.6 0.6 1" '
                 'size="0.046"'),
                ('<body name="bfoot" pos="-.28 0 -.14">',
                 f'<body name="bfoot" pos="{text(cheetah.body("bfoot").pos + (end - far))}">')], 5, "limb:bshin=0.5")

# An unstable simulation: MuJoCo warns (and resets, as under Gymnasium). innate says so once
# on standard error; the CSV on standard output stays clean, and MuJoCo's MUJOCO_LOG.TXT is
# not written into the working directory.
with tempfile.TemporaryDirectory() as cwd:
    run = subprocess.run([os.path.abspath(INNATE), "env", "rollout", "HalfCheetah-v5", "--state",
                          ",".join(["0"] * 9 + ["1e30"] * 3 + ["0"] * 6), "--actions", ",".join(["0"] * 12)],
                         capture_output=True, text=True, cwd=cwd)
    check(run.returncode == 0 and run.stdout.count("\n") == 3, "unstable rollout: 2 CSV rows, exit 0")
    check(run.stderr.count("MuJoCo warning") == 1, f"unstable rollout: one warning, got {run.stderr!r}")
    check(os.listdir(cwd) == [], f"unstable rollout wrote {os.listdir(cwd)}")

print(f"gymnasium {gym.__version__}, mujoco {mujoco.__version__}, numpy {np.__version__}: {len(failures)} failures")
sys.exit(1 if failures else 0)
