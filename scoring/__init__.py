"""jixiao (绩效): score Chinese budget performance self-evaluations.

The front door is ``scoring.api`` (re-exported here, loaded on first use so that ``import scoring`` stays
cheap); the words and values are in ``scoring.domain``.
"""

from __future__ import annotations

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    api = importlib.import_module("scoring.api")
    if name == "api":
        return api
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'scoring' has no attribute {name!r}")
