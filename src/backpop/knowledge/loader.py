"""The clinical content, loaded from the YAML files beside this module and validated once.

Every problem (an unknown fact name, an unknown disposition, a duplicate id, a
rule without a source) is a KnowledgeError naming the file and the line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from backpop.assessment import Disposition
from backpop.conditions import Always, Condition, FactSchema, parse_condition
from backpop.episode import allowed_values, field_names
from backpop.errors import KnowledgeError

KNOWLEDGE_DIR = Path(__file__).parent


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A YAML loader that records the line of every mapping under '__line__'."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: not valid YAML: {exc}") from exc


def episode_schema() -> dict[str, list[Any] | None]:
    return {name: allowed_values(name) for name in field_names()}


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    disposition: Disposition
    summary: str
    source: str
    rule_out: str | None = None
    unless_fired: tuple[str, ...] | None = None  # None: no exception
    line: int = 0


@dataclass(frozen=True)
class RuleSet:
    """An ordered list of rules over one fact schema."""

    path: Path
    rules: tuple[Rule, ...]
    definitions: dict[str, Condition]
    version: str

    def by_id(self, rule_id: str) -> Rule:
        index = self.__dict__.get("_index")
        if index is None:
            index = {rule.id: rule for rule in self.rules}
            object.__setattr__(self, "_index", index)  # built once; the rules never change
        return index[rule_id]


@dataclass(frozen=True)
class SourceFinding:
    text: str
    weight: float
    when: Condition


@dataclass(frozen=True)
class LikelySource:
    id: str
    name: str
    explanation: str
    source: str
    supporting: tuple[SourceFinding, ...]
    against: tuple[SourceFinding, ...]


@dataclass(frozen=True)
class AdviceItem:
    id: str
    kind: str
    title: str
    text: str
    source: str
    dispositions: tuple[Disposition, ...] | None
    when: Condition
    sources: tuple[str, ...] | None
    #: Numbered steps (exercises), and when to stop; shown as a list after `text`.
    steps: tuple[str, ...] = ()
    stop: str | None = None


@dataclass(frozen=True)
class Question:
    field: str
    text: str
    always: bool
    ask_if: Condition
    options: dict[str, str] | None
    kind: str  # enum, bool, number
    #: The sign as a short statement, for an "any of these?" checklist (yes/no questions).
    label: str | None = None
    #: The fact in a few plain words, for showing an answer to a person ("Pain: Mild").
    name: str | None = None
    #: Wording for the body part the person named: region -> {"text": ..., "label": ...}.
    by_region: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    #: The body parts a warning sign is most about (empty: all).
    parts: tuple[str, ...] = ()
    #: Asked right after the warning-sign checklist, before the rest.
    early: bool = False
    #: A detail kept for the clinician beside the answers (not an Episode fact; no rule reads it).
    detail: bool = False
    #: A detail is asked right after the question about this Episode field.
    after: str | None = None

    @property
    def checklist_text(self) -> str:
        return self.label or self.text

    def for_region(self, region: str | None) -> Question:
        """This question phrased for the body part the person named (the same question otherwise)."""
        for name, wording in self.by_region:
            if name == region:
                words = dict(wording)
                return replace(self, text=words.get("text", self.text), label=words.get("label", self.label))
        return self


@dataclass(frozen=True)
class Knowledge:
    rules: RuleSet
    sources: tuple[LikelySource, ...]
    likely_at: float
    advice: tuple[AdviceItem, ...]
    dispositions: dict[Disposition, dict[str, str]]
    unknown_source_name: str
    safety_net: dict[Disposition, tuple[str, ...]]
    disclaimer: str
    questions: tuple[Question, ...]
    version: str
    #: Every fact an urgent or emergency rule reads, in rule order: the questions a result below
    #: those levels needs answered (the Episode model marks the red flags themselves).
    urgent_rule_fields: tuple[str, ...] = field(default=())
    #: Wording for a result that is not final yet: headline, time_frame, next_step.
    provisional: dict[str, str] = field(default_factory=dict)
    #: The emergency number by country code ("default" when none is set or known).
    emergency_numbers: dict[str, str] = field(default_factory=dict)
    #: The safety-net advice item's title and source.
    safety_net_item: dict[str, str] = field(default_factory=dict)
    #: Words every face uses around a result ("For your clinician", "Call {number}", ...).
    wording: dict[str, str] = field(default_factory=dict)
    #: Details asked and kept for the clinician beside the answers ("which side"); never Episode facts.
    details: tuple[Question, ...] = ()

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The likely sources' ids, as sources.yaml defines them (in its order)."""
        return tuple(source.id for source in self.sources)

    @property
    def detail_names(self) -> tuple[str, ...]:
        return tuple(d.field for d in self.details)

    def question(self, name: str) -> Question | None:
        """The interview's question about one Episode field, or about one detail ("side")."""
        index = self.__dict__.get("_questions")
        if index is None:
            index = {q.field: q for q in self.questions + self.details}
            object.__setattr__(self, "_questions", index)  # built once; the questions never change
        return index.get(name)


def _require(node: dict[str, Any], key: str, where: str, kind: type = str) -> Any:
    if key not in node or node[key] in (None, ""):
        raise KnowledgeError(f"{where}, line {node.get('__line__', '?')}: missing '{key}'")
    value = node[key]
    if not isinstance(value, kind):
        raise KnowledgeError(f"{where}, line {node.get('__line__', '?')}: '{key}' must be a {kind.__name__}")
    return value


def _check_keys(node: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(node) - allowed - {"__line__"}
    if unknown:
        raise KnowledgeError(
            f"{where}, line {node.get('__line__', '?')}: unknown key(s) {sorted(unknown)} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )


def _disposition(value: Any, where: str, line: Any) -> Disposition:
    try:
        return Disposition(value)
    except ValueError:
        allowed = ", ".join(d.value for d in Disposition)
        raise KnowledgeError(f"{where}, line {line}: unknown disposition {value!r} (allowed: {allowed})") from None


def load_rules(path: Path, schema: FactSchema) -> RuleSet:
    """Load and validate an ordered rule file (triage rules, or trend rules)."""
    doc = read_yaml(path)
    where = str(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise KnowledgeError(f"{where}: expected a mapping with a 'rules' list")
    _check_keys(doc, {"version", "definitions", "rules", "facts"}, where)
    definitions: dict[str, Condition] = {}
    for name, node in (doc.get("definitions") or {}).items():
        if name == "__line__":
            continue
        definitions[name] = parse_condition(
            node, schema=schema, definitions=definitions, where=f"{where} (definition {name})"
        )
    rules: list[Rule] = []
    seen: set[str] = set()
    allowed = {"id", "when", "disposition", "summary", "rule_out", "source", "unless_fired"}
    for node in doc["rules"]:
        if not isinstance(node, dict):
            raise KnowledgeError(f"{where}: every rule must be a mapping, got {node!r}")
        line = node.get("__line__", "?")
        _check_keys(node, allowed, where)
        rule_id = str(_require(node, "id", where))
        if rule_id in seen:
            raise KnowledgeError(f"{where}, line {line}: duplicate rule id {rule_id}")
        seen.add(rule_id)
        _require(node, "source", where)
        _require(node, "summary", where)
        if "when" not in node:
            raise KnowledgeError(f"{where}, line {line}: rule {rule_id} has no 'when'")
        disposition = _disposition(node.get("disposition"), where, line)
        if disposition.level >= Disposition.CONSULT.level and not node.get("rule_out"):
            raise KnowledgeError(f"{where}, line {line}: rule {rule_id} needs a 'rule_out'")
        unless = node.get("unless_fired")
        if unless == "above":
            unless_ids: tuple[str, ...] | None = tuple(r.id for r in rules)
        elif unless is None:
            unless_ids = None
        elif isinstance(unless, list) and all(u in seen for u in unless) and rule_id not in unless:
            unless_ids = tuple(unless)
        else:
            raise KnowledgeError(f"{where}, line {line}: unless_fired must be 'above' or a list of earlier rule ids")
        when = parse_condition(node["when"], schema=schema, definitions=definitions, where=f"{where} (rule {rule_id})")
        rules.append(
            Rule(
                id=rule_id,
                when=when,
                disposition=disposition,
                summary=" ".join(str(node["summary"]).split()),
                source=str(node["source"]),
                rule_out=node.get("rule_out"),
                unless_fired=unless_ids,
                line=line if isinstance(line, int) else 0,
            )
        )
    return RuleSet(path, tuple(rules), definitions, str(doc.get("version", "0")))


def _load_sources(path: Path, schema: FactSchema) -> tuple[tuple[LikelySource, ...], float]:
    doc = read_yaml(path)
    where = str(path)
    sources = []
    seen: set[str] = set()
    for node in doc.get("sources") or []:
        _check_keys(node, {"id", "name", "explanation", "source", "supporting", "against"}, where)
        sid = _require(node, "id", where)
        if sid in seen:
            raise KnowledgeError(f"{where}, line {node['__line__']}: duplicate source id {sid}")
        seen.add(sid)

        def findings(key: str, sid: str = sid, node: dict = node) -> tuple[SourceFinding, ...]:
            out = []
            for f in node.get(key) or []:
                _check_keys(f, {"text", "weight", "when"}, where)
                out.append(
                    SourceFinding(
                        text=_require(f, "text", where),
                        weight=float(_require(f, "weight", where, (int, float))),  # type: ignore[arg-type]
                        when=parse_condition(f.get("when"), schema=schema, definitions={}, where=f"{where} ({sid})"),
                    )
                )
            return tuple(out)

        sources.append(
            LikelySource(
                id=sid,
                name=_require(node, "name", where),
                explanation=" ".join(_require(node, "explanation", where).split()),
                source=_require(node, "source", where),
                supporting=findings("supporting"),
                against=findings("against"),
            )
        )
    if not sources:
        raise KnowledgeError(f"{where}: no likely sources")
    return tuple(sources), float(doc.get("likely_at", 4))


def _load_questions(path: Path, schema: FactSchema) -> tuple[Question, ...]:
    doc = read_yaml(path)
    where = str(path)
    questions = []
    seen: set[str] = set()
    from backpop.episode import field_kind

    _check_keys(doc, {"questions", "details"}, where)
    for node in doc.get("questions") or []:
        _check_keys(
            node,
            {"field", "text", "label", "name", "always", "ask_if", "options", "by_region", "parts", "early"},
            where,
        )
        name = _require(node, "field", where)
        if name not in schema:
            raise KnowledgeError(f"{where}, line {node['__line__']}: unknown field {name!r}")
        if name in seen:
            raise KnowledgeError(f"{where}, line {node['__line__']}: duplicate question {name}")
        seen.add(name)
        options = node.get("options")
        if options is not None:
            options = {k: v for k, v in options.items() if k != "__line__"}
            if set(options) != set(schema[name] or []):
                raise KnowledgeError(
                    f"{where}, line {node['__line__']}: options of {name} must be exactly {schema[name]}"
                )
        ask_if = node.get("ask_if")
        questions.append(
            Question(
                field=name,
                text=_require(node, "text", where),
                always=bool(node.get("always", False)),
                ask_if=Always()
                if ask_if is None
                else parse_condition(ask_if, schema=schema, definitions={}, where=where),
                options=options,
                kind=field_kind(name),
                label=node.get("label"),
                name=_require(node, "name", where),
                by_region=_by_region(node, schema, where),
                parts=_parts(node, schema, where),
                early=bool(node.get("early", False)),
            )
        )
    missing = set(schema) - seen
    if missing:
        raise KnowledgeError(f"{where}: no question for field(s) {sorted(missing)}")
    return tuple(questions)


def _load_details(path: Path, schema: FactSchema) -> tuple[Question, ...]:
    """The details (`details:` in questions.yaml): multiple-choice questions kept beside the answers."""
    doc = read_yaml(path)
    where = str(path)
    details = []
    for node in doc.get("details") or []:
        _check_keys(node, {"field", "name", "text", "after", "options"}, where)
        name = _require(node, "field", where)
        line = node["__line__"]
        if name in schema or name in {d.field for d in details}:
            raise KnowledgeError(f"{where}, line {line}: detail {name!r} repeats an Episode field or a detail")
        after = _require(node, "after", where)
        if after not in schema:
            raise KnowledgeError(f"{where}, line {line}: detail {name!r} comes after unknown field {after!r}")
        options = {k: str(v) for k, v in (node.get("options") or {}).items() if k != "__line__"}
        if len(options) < 2:
            raise KnowledgeError(f"{where}, line {line}: detail {name!r} needs at least two options")
        details.append(
            Question(
                field=name,
                text=_require(node, "text", where),
                always=True,
                ask_if=Always(),
                options=options,
                kind="enum",
                name=_require(node, "name", where),
                detail=True,
                after=after,
            )
        )
    return tuple(details)


def _by_region(node: dict[str, Any], schema: FactSchema, where: str) -> tuple:
    wording = {k: v for k, v in (node.get("by_region") or {}).items() if k != "__line__"}
    regions = set(schema["region"] or [])
    out = []
    for region, words in wording.items():
        if region not in regions or not isinstance(words, dict):
            raise KnowledgeError(
                f"{where}, line {node['__line__']}: by_region needs a region "
                f"({', '.join(sorted(regions))}) with text and/or label"
            )
        _check_keys(words, {"text", "label"}, where)
        out.append((region, tuple((k, " ".join(str(v).split())) for k, v in words.items() if k != "__line__")))
    return tuple(out)


def _parts(node: dict[str, Any], schema: FactSchema, where: str) -> tuple[str, ...]:
    parts = tuple(node.get("parts") or ())
    unknown = set(parts) - set(schema["region"] or [])
    if unknown:
        raise KnowledgeError(f"{where}, line {node['__line__']}: unknown part(s) {sorted(unknown)}")
    return parts


def _load_advice(path: Path, schema: FactSchema, source_ids: tuple[str, ...]) -> dict[str, Any]:
    doc = read_yaml(path)
    where = str(path)
    items = []
    seen: set[str] = set()
    for node in doc.get("items") or []:
        _check_keys(
            node,
            {"id", "kind", "title", "text", "source", "dispositions", "when", "sources", "steps", "stop"},
            where,
        )
        aid = _require(node, "id", where)
        if aid in seen:
            raise KnowledgeError(f"{where}, line {node['__line__']}: duplicate advice id {aid}")
        seen.add(aid)
        disp = node.get("dispositions")
        srcs = node.get("sources")
        for s in srcs or []:
            if s not in source_ids:
                known = ", ".join(source_ids)
                raise KnowledgeError(
                    f"{where}, line {node['__line__']}: unknown source {s!r} (sources.yaml has: {known})"
                )
        items.append(
            AdviceItem(
                id=aid,
                kind=_require(node, "kind", where),
                title=_require(node, "title", where),
                text=" ".join(_require(node, "text", where).split()),
                source=_require(node, "source", where),
                dispositions=None if disp is None else tuple(_disposition(d, where, node["__line__"]) for d in disp),
                when=Always()
                if node.get("when") is None
                else parse_condition(node["when"], schema=schema, definitions={}, where=where),
                sources=None if srcs is None else tuple(srcs),
                steps=tuple(" ".join(str(step).split()) for step in node.get("steps") or ()),
                stop=" ".join(str(node["stop"]).split()) if node.get("stop") else None,
            )
        )
    dispositions = {}
    for key, node in (doc.get("dispositions") or {}).items():
        if key in ("__line__", "unknown_source"):
            continue
        d = _disposition(key, where, node.get("__line__"))
        _check_keys(node, {"label", "time_frame", "headline"}, where)
        dispositions[d] = {
            "label": _require(node, "label", where),
            "time_frame": _require(node, "time_frame", where),
            "headline": _require(node, "headline", where),
        }
    if set(dispositions) != set(Disposition):
        raise KnowledgeError(f"{where}: 'dispositions' must cover all five levels")
    safety = {}
    net = doc.get("safety_net") or {}
    for key, lines in net.items():
        if key in ("__line__", "title", "source"):
            continue
        safety[_disposition(key, where, "?")] = tuple(lines)
    safety_net_item = {key: " ".join(str(_require(net, key, where)).split()) for key in ("title", "source")}
    node = doc.get("provisional") or {}
    _check_keys(node, {"headline", "time_frame", "next_step"}, where)
    provisional = {key: " ".join(_require(node, key, where).split()) for key in ("headline", "time_frame", "next_step")}
    numbers = {
        str(k).upper() if k != "default" else "default": str(v)
        for k, v in (doc.get("emergency_numbers") or {}).items()
        if k != "__line__"
    }
    if "default" not in numbers:
        raise KnowledgeError(f"{where}: 'emergency_numbers' needs a 'default'")
    wording = {str(k): " ".join(str(v).split()) for k, v in (doc.get("wording") or {}).items() if k != "__line__"}
    return {
        "items": tuple(items),
        "provisional": provisional,
        "emergency_numbers": numbers,
        "wording": wording,
        "dispositions": dispositions,
        "unknown_source": doc["dispositions"].get("unknown_source", "a harmless joint sound"),
        "safety_net": safety,
        "safety_net_item": safety_net_item,
        "disclaimer": " ".join(_require(doc, "disclaimer", where).split()),
    }


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:8]


def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> Knowledge:
    """Load and validate every knowledge file in `directory`."""
    schema = episode_schema()
    paths = [directory / n for n in ("rules.yaml", "sources.yaml", "advice.yaml", "questions.yaml")]
    rules = load_rules(paths[0], schema)
    sources, likely_at = _load_sources(paths[1], schema)
    advice = _load_advice(paths[2], schema, tuple(source.id for source in sources))
    questions = _load_questions(paths[3], schema)
    details = _load_details(paths[3], schema)
    urgent_rule_fields: list[str] = []
    for rule in rules.rules:
        if rule.disposition.level >= Disposition.URGENT.level:
            for name in sorted(rule.when.fields()):
                if name not in urgent_rule_fields:
                    urgent_rule_fields.append(name)
    return Knowledge(
        rules=rules,
        sources=sources,
        likely_at=likely_at,
        advice=advice["items"],
        dispositions=advice["dispositions"],
        unknown_source_name=advice["unknown_source"],
        safety_net=advice["safety_net"],
        safety_net_item=advice["safety_net_item"],
        disclaimer=advice["disclaimer"],
        questions=questions,
        version=f"{rules.version}+{_digest(*paths)}",
        urgent_rule_fields=tuple(urgent_rule_fields),
        provisional=advice["provisional"],
        emergency_numbers=advice["emergency_numbers"],
        wording=advice["wording"],
        details=details,
    )


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The shipped knowledge base, loaded once per process."""
    return load_knowledge()
