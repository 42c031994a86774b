"""innate.make against Gymnasium's own environments and against `innate env rollout`."""
import csv
import io
import os

import numpy as np
import pytest

import innate

gym = pytest.importorskip("gymnasium")

ENVS = ["CartPole-v1", "Acrobot-v1", "Pendulum-v1", "MountainCarContinuous-v0"]


def actions_for(env, rng, n):
    if isinstance(env.action_space, innate.Discrete):
        return [int(a) for a in rng.integers(0, env.action_space.n, n)]
    high = float(env.action_space.high[0])
    # beyond the bounds too: both clip
    return [np.array([np.float32(a)], dtype=np.float32) for a in rng.uniform(-1.2 * high, 1.2 * high, n)]


@pytest.mark.parametrize("env_id", ENVS)
def test_spaces_are_gymnasiums(env_id):
    ours, theirs = innate.make(env_id), gym.make(env_id)
    assert ours.observation_space.shape == theirs.observation_space.shape
    assert np.array_equal(ours.observation_space.low, theirs.observation_space.low)
    assert np.array_equal(ours.observation_space.high, theirs.observation_space.high)
    if isinstance(theirs.action_space, gym.spaces.Discrete):
        assert ours.action_space.n == theirs.action_space.n
    else:
        assert np.array_equal(ours.action_space.low, theirs.action_space.low)
        assert np.array_equal(ours.action_space.high, theirs.action_space.high)
    assert ours.max_episode_steps == theirs.spec.max_episode_steps


@pytest.mark.parametrize("env_id", ENVS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_step_equals_gymnasium(env_id, seed):
    """Same start state, same actions: observations to float32 precision, rewards, and
    both flags at every step, to the end of the episode (termination or truncation)."""
    ours, theirs = innate.make(env_id), gym.make(env_id)
    obs, _ = ours.reset(seed=seed)
    theirs.reset(seed=seed)
    theirs.unwrapped.state = np.array(ours.state, dtype=theirs.unwrapped.state.dtype)
    observe = getattr(theirs.unwrapped, "_get_obs", None) or getattr(theirs.unwrapped, "_get_ob", None)
    expected = np.asarray(observe() if observe else theirs.unwrapped.state, dtype=np.float32)
    np.testing.assert_allclose(obs, expected, rtol=1e-6, atol=1e-6)
    rng = np.random.default_rng(seed)
    steps = 0
    for action in actions_for(ours, rng, 1000):
        o1, r1, term1, trunc1, _ = ours.step(action)
        o2, r2, term2, trunc2, _ = theirs.step(action)
        steps += 1
        assert o1.dtype == np.float32
        np.testing.assert_allclose(o1, np.asarray(o2, dtype=np.float32), rtol=1e-6, atol=1e-6,
                                   err_msg=f"{env_id} step {steps}")
        assert r1 == pytest.approx(float(r2), rel=1e-6, abs=1e-6), f"{env_id} step {steps}: reward"
        assert (term1, trunc1) == (term2, trunc2), f"{env_id} step {steps}: flags"
        if term1 or trunc1:
            break
    assert term1 or trunc1, f"{env_id}: the episode did not end in 1000 steps"


def rollout(cli, env_id, actions, *extra):
    text = cli("env", "rollout", env_id, "--actions", ",".join(repr(a) for a in actions), *extra).stdout
    return list(csv.DictReader(io.StringIO(text)))


def test_cartpole_equals_the_command_line_to_the_last_digit(cli):
    env = innate.make("CartPole-v1")
    rng = np.random.default_rng(7)
    actions = [int(a) for a in rng.integers(0, 2, 500)]
    start = [0.01, -0.02, 0.03, 0.01]
    rows = rollout(cli, "CartPole-v1", actions, "--state", ",".join(map(repr, start)))
    env.reset(options={"state": start})
    for row, action in zip(rows, actions):
        _, reward, terminated, truncated, _ = env.step(action)
        # the CSV prints the shortest text that reads back to the same double: equal bits
        assert env.state.tolist() == [float(row[n]) for n in env.state_names]
        assert (reward, int(terminated), int(truncated)) == (float(row["reward"]), int(row["terminated"]), int(row["truncated"]))
    assert terminated or truncated


@pytest.mark.parametrize("env_id", ENVS)
def test_reset_seed_draws_the_rollout_start(cli, env_id):
    env = innate.make(env_id)
    action = 0 if isinstance(env.action_space, innate.Discrete) else 0.0
    for seed in (0, 5):
        env.reset(seed=seed)
        env.step(action)
        row = rollout(cli, env_id, [action], "--seed", seed)[0]
        assert env.state.tolist() == [float(row[n]) for n in env.state_names]


def test_reset_without_seed_continues_the_generator():
    env = innate.make("CartPole-v1")
    a, _ = env.reset(seed=3)
    b, _ = env.reset()
    c, _ = env.reset(seed=3)
    assert np.array_equal(a, c) and not np.array_equal(a, b)


def test_bad_input_is_a_value_error():
    env = innate.make("CartPole-v1")
    with pytest.raises(ValueError, match="reset"):
        env.step(0)
    env.reset(seed=0)
    for bad in (2, -1, 0.5, "left"):
        with pytest.raises(ValueError):
            env.step(bad)
    with pytest.raises(ValueError, match="4 values"):
        env.reset(options={"state": [0.0, 0.0]})
    with pytest.raises(ValueError, match="did you mean 'CartPole-v1'"):
        innate.make("CartPole-v2")
    pendulum = innate.make("Pendulum-v1")
    pendulum.reset(seed=0)
    with pytest.raises(ValueError, match="finite"):
        pendulum.step(float("nan"))


MUJOCO = ["HalfCheetah-v5", "Ant-v5", "Hopper-v5", "Walker2d-v5", "Swimmer-v5"]


def mujoco_env(env_id, body="intact"):
    """innate.make for a MuJoCo environment; skipped in a build without MuJoCo, unless
    INNATE_REQUIRE_MUJOCO=1 (scripts/test), where that fails."""
    try:
        return innate.make(env_id, body)
    except ValueError as e:
        if "no MuJoCo" in str(e) and os.environ.get("INNATE_REQUIRE_MUJOCO") != "1":
            pytest.skip(str(e))
        raise


@pytest.mark.parametrize("env_id", MUJOCO)
def test_mujoco_steps_equal_gymnasium_bit_for_bit(env_id):
    """From Gymnasium's seeded start, 300 steps of float32 actions: the same observations
    (innate's are float32 of the same doubles), rewards and flags."""
    pytest.importorskip("mujoco")
    ours, theirs = mujoco_env(env_id), gym.make(env_id)
    assert ours.observation_space.shape == theirs.observation_space.shape
    assert np.array_equal(ours.action_space.low, theirs.action_space.low)
    assert np.array_equal(ours.action_space.high, theirs.action_space.high)
    assert ours.max_episode_steps == theirs.spec.max_episode_steps
    start, _ = theirs.reset(seed=4)
    data = theirs.unwrapped.data
    obs, _ = ours.reset(options={"state": np.concatenate([data.qpos, data.qvel])})
    assert np.array_equal(obs, start.astype(np.float32))
    rng = np.random.default_rng(4)
    for t in range(300):
        action = (0.3 * rng.uniform(-1, 1, ours.action_space.shape)).astype(np.float32)
        o1, r1, term1, trunc1, _ = ours.step(action)
        o2, r2, term2, trunc2, _ = theirs.step(action.astype(np.float64))
        assert np.array_equal(o1, o2.astype(np.float32)), f"{env_id} step {t + 1}"
        assert r1 == pytest.approx(r2, abs=1e-12) and (term1, trunc1) == (term2, trunc2), f"{env_id} step {t + 1}"
        if term1:
            break


def test_mujoco_bodies_and_bad_input():
    intact = mujoco_env("Ant-v5")
    short = mujoco_env("Ant-v5", "limb:right_ankle_geom=0.5+mass:torso=2+friction=0.5")
    state = np.concatenate([[0, 0, 0.75, 1, 0, 0, 0], np.zeros(8 + 14)])
    intact.reset(options={"state": state})
    short.reset(options={"state": state})
    a, b = intact.step(np.zeros(8)), short.step(np.zeros(8))
    assert not np.array_equal(a[0], b[0])  # another body falls another way
    for body, match in [("limb:nope=0.5", "no capsule geom 'nope'"), ("mass:torso=0", r"\(0, 1000000\]"),
                        ("limb:right_ankle_geom=1.5", r"\(0, 1\]"), ("wings=2", "expected"), ("", "intact")]:
        with pytest.raises(ValueError, match=match):
            innate.make("Ant-v5", body)
    with pytest.raises(ValueError, match="no body to change"):
        innate.make("CartPole-v1", "friction=0.5")
    with pytest.raises(ValueError, match="8 real action"):
        intact.step(np.zeros(6))
