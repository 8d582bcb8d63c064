"""Clinical vignettes: the project's own (every rule fires once and misses once) and the public set."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backpop import Episode, assess
from backpop.knowledge import knowledge
from tests.conftest import shared_file

OWN = yaml.safe_load((Path(__file__).parent / "vignettes.yaml").read_text())


@pytest.mark.parametrize("case", OWN, ids=[c["id"] for c in OWN])
def test_own_vignette_gives_expected_disposition_and_rules(case):
    result = assess(Episode(**case["episode"]))
    fired = {r.rule_id for r in result.reasoning}
    assert result.disposition.value == case["disposition"], case["story"]
    assert set(case.get("fires", [])) <= fired
    assert not set(case.get("not_fires", [])) & fired


def test_every_rule_has_a_firing_case_and_a_near_miss():
    ids = {rule.id for rule in knowledge().rules.rules}
    firing = {r for c in OWN for r in c.get("fires", [])}
    missing = {r for c in OWN for r in c.get("not_fires", [])}
    assert ids - firing == set()
    assert ids - missing == set()


def _public_cases():
    path = shared_file("vignettes/public.yaml")
    return yaml.safe_load(path.read_text())


def test_public_vignettes_give_disposition_and_an_accepted_top_source():
    failures = []
    for case in _public_cases():
        result = assess(Episode(**case["episode"]))
        top = result.likely_sources[0].id if result.likely_sources else None
        if result.disposition.value != case["disposition"] or top not in case["top_source"]:
            failures.append((case["id"], result.disposition.value, top))
    assert failures == []
