"""The knowledge base: it matches the policy, and bad knowledge files fail loudly at load time."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import backpop
from backpop.errors import KnowledgeError
from backpop.knowledge import KNOWLEDGE_DIR, knowledge, load_knowledge
from tests.conftest import shared_file


def _policy_rules() -> dict[str, str]:
    text = shared_file("TRIAGE_POLICY.md").read_text()
    rules = {}
    for line in text.splitlines():
        m = re.match(r"\|\s*([EUCMS]\d)\s*\|[^|]*\|\s*(\w+)\s*\|", line)
        if m:
            rules[m.group(1)] = m.group(2)
    return rules


def test_every_policy_rule_is_in_the_knowledge_base_with_the_same_disposition():
    policy = _policy_rules()
    assert len(policy) >= 20
    ours = {r.id: r.disposition.value for r in knowledge().rules.rules}
    assert ours == policy


def _policy_source_ids() -> set[str]:
    """The ids in the first column of the triage policy's table of likely sources."""
    text = shared_file("TRIAGE_POLICY.md").read_text()
    section = text.split("## Likely sources", 1)[1].split("\n## ", 1)[0]
    return {m.group(1) for m in re.finditer(r"^\|\s*`(\w+)`\s*\|", section, flags=re.MULTILINE)}


def test_every_rule_cites_a_source_and_the_likely_sources_are_the_policys():
    kb = knowledge()
    assert all(r.source for r in kb.rules.rules)
    assert len(kb.source_ids) == len(set(kb.source_ids)) == 7
    assert set(kb.source_ids) == _policy_source_ids()


def test_advice_naming_a_source_sources_yaml_lacks_is_refused(tmp_path):
    copy = tmp_path / "k"
    shutil.copytree(KNOWLEDGE_DIR, copy)
    path = copy / "advice.yaml"
    path.write_text(path.read_text().replace("sources: [soft_tissue_snap]", "sources: [soft_tissue_snapp]"))
    with pytest.raises(KnowledgeError, match="unknown source 'soft_tissue_snapp'"):
        load_knowledge(copy)


def test_knowledge_version_changes_with_the_content(tmp_path):
    copy = tmp_path / "k"
    shutil.copytree(KNOWLEDGE_DIR, copy)
    before = load_knowledge(copy).version
    path = copy / "advice.yaml"
    path.write_text(path.read_text() + "\n# reviewed\n")
    assert load_knowledge(copy).version != before


def _broken(tmp_path: Path, old: str, new: str, file: str = "rules.yaml") -> Path:
    copy = tmp_path / "k"
    shutil.copytree(KNOWLEDGE_DIR, copy)
    path = copy / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return copy


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{fact: progressive_weakness, is: true}",
            "{fact: progresive_weakness, is: true}",
            "unknown fact 'progresive_weakness'",
        ),
        ("disposition: urgent", "disposition: soon", "unknown disposition 'soon'"),
        ("id: U2", "id: U1", "duplicate rule id U1"),
        ('    source: "guideline: NICE NG59; Finucane et al. 2020"\n\n  - id: U4', "\n  - id: U4", "missing 'source'"),
        ("{fact: sound, is: clunk}", "{fact: sound, is: thud}", "'thud' is not a value of 'sound'"),
    ],
)
def test_a_broken_rule_file_is_a_load_error_with_file_and_line(tmp_path, old, new, message):
    directory = _broken(tmp_path, old, new)
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(directory)
    assert message in str(err.value)
    assert "rules.yaml" in str(err.value)
    assert re.search(r"line \d+", str(err.value))


def test_emergency_wording_and_the_safety_net_source_live_only_in_the_knowledge_base():

    kb = knowledge()
    phrases = [
        kb.wording[key]
        for key in ("emergency_stop", "emergency_title", "in_an_emergency", "known_numbers", "do_not_drive")
    ]
    phrases += [kb.safety_net_item["title"], kb.safety_net_item["source"]]
    root = Path(backpop.__file__).parent
    for path in [*root.rglob("*.py"), *root.rglob("*.html")]:
        text = " ".join(path.read_text(encoding="utf-8").split())
        for phrase in phrases:
            assert phrase not in text, f"{path.relative_to(root)} repeats {phrase!r}"


def test_which_side_is_a_detail_beside_the_episode_with_its_words_in_the_knowledge_base():
    side = knowledge().question("side")
    assert side.detail and side.after == "region" and side.name == "Which side"
    assert list(side.options) == ["left", "right", "both", "middle"]
    assert "side" not in {q.field for q in knowledge().questions}  # not an Episode field's question


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    after: region", "    after: where", "comes after unknown field 'where'"),
        ("  - field: side", "  - field: pain", "repeats an Episode field"),
        ("    name: Which side\n", "", "missing 'name'"),
        ("    after: region", "    after: region\n    always: true", "unknown key(s) ['always']"),
    ],
)
def test_a_broken_detail_is_a_load_error_with_file_and_line(tmp_path, old, new, message):
    directory = _broken(tmp_path, old, new, file="questions.yaml")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(directory)
    assert message in str(err.value) and "questions.yaml" in str(err.value)
    assert re.search(r"line \d+", str(err.value))
