"""The clinical knowledge: rules, likely sources, questions and advice, as validated data.

The wording and the rules live in the YAML files beside this package; ``loader`` reads and checks
them once. ``knowledge()`` is the loaded, cached whole.
"""

from backpop.knowledge.loader import (
    KNOWLEDGE_DIR,
    AdviceItem,
    Knowledge,
    LikelySource,
    Question,
    Rule,
    RuleSet,
    SourceFinding,
    episode_schema,
    knowledge,
    load_knowledge,
    load_rules,
    read_yaml,
)

__all__ = [
    "AdviceItem",
    "KNOWLEDGE_DIR",
    "Knowledge",
    "LikelySource",
    "Question",
    "Rule",
    "RuleSet",
    "SourceFinding",
    "episode_schema",
    "knowledge",
    "load_knowledge",
    "load_rules",
    "read_yaml",
]
