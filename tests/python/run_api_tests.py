#!/usr/bin/env python3
"""The Python API's tests (pytest) as one CTest test: skipped (exit 77) where the `innate`
package or pytest is not installed for this python3 (scripts/setup installs both)."""
import os
import sys

try:
    import innate  # noqa: F401
    import pytest
except ImportError as e:
    print(f"skipped: {e} (python3 -m pip install . -r tests/python/requirements.txt)")
    sys.exit(77)

sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", os.path.dirname(os.path.abspath(__file__))]))
