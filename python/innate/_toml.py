"""Python values as TOML literals, for scenario overrides ("section.key=literal")."""

import math
import numbers


def literal(value):
    """The TOML literal of a Python value: str, bool, int, float, or a list or tuple of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return repr(x)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return f'"{escaped}"'
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as a TOML value")


def overrides(mapping):
    """{"run.population": 100} -> ["run.population=100"], checking each key names a section."""
    if mapping is None:
        return []
    if not hasattr(mapping, "items"):
        raise TypeError(f"overrides must be a dict of 'section.key' -> value, not {type(mapping).__name__}")
    sets = []
    for key, value in mapping.items():
        if not isinstance(key, str) or "." not in key:
            raise ValueError(f"overrides: key {key!r} must be 'section.key', e.g. 'run.population'")
        sets.append(f"{key}={literal(value)}")
    return sets
