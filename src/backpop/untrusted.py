"""Checks for JSON that came from outside (an import file, a form's hidden field), before use.

Python's json module accepts what cannot be kept: a lone surrogate from an escape such as
"\\ud800" (no UTF-8 encoding exists for it, so storing, showing or logging it fails later),
integers beyond 64 bits (SQLite and PostgreSQL's integer columns stop there), and nesting
deep enough to exhaust the interpreter's stack when the value is walked or written again.
"""

from __future__ import annotations

import json
from typing import Any

from backpop.errors import InputError

#: Far deeper than any document backpop writes (an export is about 6 levels deep).
MAX_DEPTH = 32
INT_RANGE = (-(2**63), 2**63 - 1)


def check_values(value: Any, where: str = "document") -> None:
    """InputError naming the first value that cannot be kept, if any."""
    stack: list[tuple[Any, str, int]] = [(value, where, 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"{path}: nested more than {MAX_DEPTH} levels deep")
        if isinstance(item, str):
            if not _encodable(item):
                raise InputError(f"{path}: holds text that is not valid Unicode (a lone surrogate)")
        elif isinstance(item, bool):
            continue
        elif isinstance(item, int):
            if not INT_RANGE[0] <= item <= INT_RANGE[1]:
                raise InputError(f"{path}: the number is too large")
        elif isinstance(item, dict):
            for key, child in item.items():
                if not _encodable(str(key)):
                    raise InputError(f"{path}: holds a name that is not valid Unicode (a lone surrogate)")
                stack.append((child, f"{path}.{key}", depth + 1))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(item))


def loads(text: str, where: str) -> Any:
    """json.loads, with every way it can fail on hostile text as one InputError line."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise InputError(f"{where}: nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"{where} is not usable JSON: {str(exc).split(';')[0]}") from None
    check_values(value, where)
    return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
