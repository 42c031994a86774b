"""Scenarios as Python callers give them: a path, TOML text, or None (the built-in default)."""

import os

from . import _core
from ._toml import overrides


def _looks_like_path(text):
    return "\n" not in text and "=" not in text and "[" not in text


def source(scenario, mapping=None, extra=()):
    """A _core.ScenarioSource for a path (str or PathLike naming an existing file), TOML
    text, or None (the built-in default scenario), with overrides then `extra` sets."""
    sets = overrides(mapping) + list(extra)
    if scenario is None:
        return _core.ScenarioSource("", None, sets)
    if isinstance(scenario, os.PathLike) or (isinstance(scenario, str) and _looks_like_path(scenario)):
        path = os.fspath(scenario)
        if not os.path.isfile(path):
            try:  # the command line's own message for a missing file
                _core.ScenarioSource(path, None, sets).toml()
            except ValueError as e:
                raise FileNotFoundError(str(e)) from None
            raise FileNotFoundError(f"{path}: no such scenario file")
        return _core.ScenarioSource(path, None, sets)
    if isinstance(scenario, str):
        return _core.ScenarioSource("", scenario, sets)
    raise TypeError(f"scenario must be a path, TOML text or None, not {type(scenario).__name__}")
