"""Conditions over facts, as written in the knowledge files, and their evaluation.

A condition is evaluated in three-valued logic: True, False, or None when it
depends on facts that are still unknown. `assess()` treats None as "does not
fire" (unknown is not evidence); the interview uses None to tell which
questions could still change the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backpop.errors import KnowledgeError

Facts = Mapping[str, Any]
Result = tuple[bool | None, dict[str, Any]]

# A fact schema maps each fact name to its allowed values, or to None for a number.
FactSchema = Mapping[str, list[Any] | None]


@dataclass(frozen=True)
class FactIs:
    field: str
    values: tuple[Any, ...]

    def evaluate(self, facts: Facts) -> Result:
        value = facts.get(self.field)
        if value is None:
            return None, {}
        if value in self.values:
            return True, {self.field: value}
        return False, {}

    def fields(self) -> set[str]:
        return {self.field}


@dataclass(frozen=True)
class FactAtLeast:
    field: str
    threshold: float

    def evaluate(self, facts: Facts) -> Result:
        value = facts.get(self.field)
        if value is None:
            return None, {}
        if value >= self.threshold:
            return True, {self.field: value}
        return False, {}

    def fields(self) -> set[str]:
        return {self.field}


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]

    def evaluate(self, facts: Facts) -> Result:
        found: dict[str, Any] = {}
        undecided = False
        for part in self.parts:
            value, part_facts = part.evaluate(facts)
            if value is False:
                return False, {}
            if value is None:
                undecided = True
            found.update(part_facts)
        return (None, {}) if undecided else (True, found)

    def fields(self) -> set[str]:
        return set().union(*(p.fields() for p in self.parts))


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def evaluate(self, facts: Facts) -> Result:
        found: dict[str, Any] = {}
        holds = False
        undecided = False
        for part in self.parts:
            value, part_facts = part.evaluate(facts)
            if value is True:
                holds = True
                found.update(part_facts)
            elif value is None:
                undecided = True
        if holds:
            return True, found
        return (None, {}) if undecided else (False, {})

    def fields(self) -> set[str]:
        return set().union(*(p.fields() for p in self.parts))


@dataclass(frozen=True)
class Always:
    def evaluate(self, facts: Facts) -> Result:
        return True, {}

    def fields(self) -> set[str]:
        return set()


Condition = FactIs | FactAtLeast | AllOf | AnyOf | Always


def parse_condition(
    node: Any,
    *,
    schema: FactSchema,
    definitions: Mapping[str, Condition],
    where: str,
) -> Condition:
    """Build a condition from its YAML form, or raise KnowledgeError naming `where`."""
    if not isinstance(node, Mapping) or not node:
        raise KnowledgeError(f"{where}: a condition must be a mapping, got {node!r}")
    keys = set(node) - {"__line__"}
    line = node.get("__line__")
    here = f"{where}, line {line}" if line else where

    def sub(items: Any, key: str) -> tuple[Condition, ...]:
        if not isinstance(items, list) or not items:
            raise KnowledgeError(f"{here}: '{key}' needs a non-empty list of conditions")
        return tuple(parse_condition(i, schema=schema, definitions=definitions, where=where) for i in items)

    if keys == {"all"}:
        return AllOf(sub(node["all"], "all"))
    if keys == {"any"}:
        return AnyOf(sub(node["any"], "any"))
    if keys == {"always"}:
        if node["always"] is not True:
            raise KnowledgeError(f"{here}: 'always' must be true")
        return Always()
    if keys == {"use"}:
        name = node["use"]
        if name not in definitions:
            known = ", ".join(sorted(definitions)) or "none"
            raise KnowledgeError(f"{here}: unknown definition '{name}' (known: {known})")
        return definitions[name]
    if "fact" in keys and len(keys) == 2:
        field = node["fact"]
        if field not in schema:
            raise KnowledgeError(f"{here}: unknown fact '{field}' (known: {', '.join(sorted(schema))})")
        allowed = schema[field]
        (op,) = keys - {"fact"}
        if op in ("is", "in"):
            values = node[op] if op == "in" else [node[op]]
            if not isinstance(values, list) or not values:
                raise KnowledgeError(f"{here}: 'in' needs a non-empty list of values")
            if allowed is None:
                raise KnowledgeError(f"{here}: '{field}' is a number; use at_least")
            for value in values:
                if value not in allowed or (isinstance(value, bool) != isinstance(allowed[0], bool)):
                    raise KnowledgeError(
                        f"{here}: {value!r} is not a value of '{field}' (allowed: {', '.join(map(str, allowed))})"
                    )
            return FactIs(field, tuple(values))
        if op == "at_least":
            if allowed is not None:
                raise KnowledgeError(f"{here}: '{field}' is not a number; use is/in")
            threshold = node[op]
            if isinstance(threshold, bool) or not isinstance(threshold, int | float):
                raise KnowledgeError(f"{here}: at_least needs a number, got {threshold!r}")
            return FactAtLeast(field, float(threshold))
        raise KnowledgeError(f"{here}: unknown operator '{op}' (use is, in or at_least)")
    raise KnowledgeError(
        f"{here}: cannot read condition with keys {sorted(keys)} (use fact+is/in/at_least, all, any, use or always)"
    )
