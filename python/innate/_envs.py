"""innate.make: innate's control and MuJoCo environments with Gymnasium's API."""

import numbers

import numpy as np

from . import _core


class Box:
    """A box of real vectors: low <= x <= high element by element (as gymnasium.spaces.Box)."""

    def __init__(self, low, high, dtype=np.float32):
        self.low = np.asarray(low, dtype=dtype)
        self.high = np.asarray(high, dtype=dtype)
        self.shape = self.low.shape
        self.dtype = np.dtype(dtype)

    def contains(self, x):
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all(x >= self.low) and np.all(x <= self.high))

    def __repr__(self):
        return f"Box({self.low.tolist()}, {self.high.tolist()}, {self.shape}, {self.dtype})"


class Discrete:
    """The integers 0 .. n-1 (as gymnasium.spaces.Discrete)."""

    def __init__(self, n):
        self.n = int(n)
        self.shape = ()
        self.dtype = np.dtype(np.int64)

    def contains(self, x):
        return isinstance(x, numbers.Integral) and 0 <= int(x) < self.n

    def __repr__(self):
        return f"Discrete({self.n})"


class Env:
    """An environment with Gymnasium's dynamics, start states, rewards, termination and
    truncation: CartPole-v1, Acrobot-v1, Pendulum-v1, MountainCarContinuous-v0, and (in a
    build with MuJoCo) HalfCheetah-v5 and Ant-v5. A MuJoCo environment takes a body:
    "intact" or changes joined by '+' ("limb:GEOM=F", "mass:BODY=F", "friction=F").

    reset(seed=None, options=None) -> (observation, info)
        seed=N draws the start `innate env rollout ENV --seed N` draws; no seed continues
        the environment's generator. options={"state": [...]} starts from that internal
        state instead (the values `innate env rollout --state` takes, see state_names).
    step(action) -> (observation, reward, terminated, truncated, info)
        action: an index for discrete environments; for continuous ones a real number or
        an array of action_space.shape[0] values (out-of-range values act as Gymnasium's
        environment makes them act: clipped by the classic ones, clamped by MuJoCo).
    Observations are float32 arrays; .state is the internal state in double precision.
    """

    def __init__(self, env_id, body="intact"):
        self._impl = _core.Environment(str(env_id), str(body))
        self.spec_id = self._impl.name
        self.observation_space = Box(self._impl.observation_low, self._impl.observation_high)
        if self._impl.discrete_actions > 0:
            self.action_space = Discrete(self._impl.discrete_actions)
        else:
            m, n = self._impl.max_action, self._impl.action_size
            self.action_space = Box([-m] * n, [m] * n)
        self.max_episode_steps = self._impl.max_steps
        self.state_names = list(self._impl.state_names)

    def reset(self, *, seed=None, options=None):
        state = None
        if options:
            unknown = set(options) - {"state"}
            if unknown:
                raise ValueError(f"reset: unknown option(s) {sorted(unknown)}; known: ['state']")
            state = [float(v) for v in np.asarray(options["state"], dtype=np.float64).reshape(-1)]
        if seed is not None and (not isinstance(seed, numbers.Integral) or seed < 0):
            raise ValueError(f"reset: seed must be a non-negative integer, got {seed!r}")
        return self._impl.reset(None if seed is None else int(seed), state), {}

    def step(self, action):
        if isinstance(self.action_space, Discrete):
            if not isinstance(action, numbers.Integral) and not (isinstance(action, np.ndarray) and action.ndim == 0
                                                                 and np.issubdtype(action.dtype, np.integer)):
                raise ValueError(f"step: {self.spec_id} takes an action index 0..{self.action_space.n - 1}, got {action!r}")
            a = [float(int(action))]
        else:
            a = np.asarray(action, dtype=np.float64).reshape(-1)
            n = self.action_space.shape[0]
            if a.size != n:
                raise ValueError(f"step: {self.spec_id} takes {n} real action value(s), got {a.size}")
            a = a.tolist()
        obs, reward, terminated, truncated = self._impl.step(a)
        return obs, reward, terminated, truncated, {}

    @property
    def state(self):
        """The internal state (double precision), named by state_names."""
        return np.array(self._impl.state)

    def close(self):
        """Nothing to release (Gymnasium's API)."""

    def __repr__(self):
        return f"innate.make({self.spec_id!r})"


def make(env_id, body="intact"):
    """An innate environment with Gymnasium's reset/step API (see Env)."""
    return Env(env_id, body)
