"""Whole-flow evaluation: a story in a person's own words, then the interview, answered truthfully.

Usage: python benchmarks/eval_flow.py [--detail] [SET.yaml ...]
       (default: the public vignettes beside the project, if present, and every held-out set in
       tests/narrative/heldout*.yaml)

For each story, as a person using the HTTP API would:
1. the story goes to POST /v1/assess/text (the one-shot, provisional result: "reader alone");
2. the person accepts what was read: it goes to POST /v1/interview/next as `suggested`;
3. every question is answered truthfully from the story's labelled facts: a fact the story
   states is given as it is; a warning sign the story does not mention is "no"; anything else
   is "don't know". A checklist is answered by ticking the warning signs that are true. Which side
   (a detail kept beside the facts) is not labelled, so it is answered "don't know" too.
The level reached is compared with the level of the labelled facts. Under-triage (a lower
level than the truth) is the figure that must be zero. A report, not a gate: exits 0.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT.parent / "shared" / "vignettes" / "public.yaml"
HELDOUT = sorted(
    (ROOT / "tests" / "narrative").glob("heldout*.yaml"),
    key=lambda p: int("0" + "".join(c for c in p.stem if c.isdigit())),
)
#: Boolean warning signs: a truthful person who did not mention one answers "no" when asked.
WARNING_SIGNS = frozenset(
    {
        "saddle_numbness",
        "bladder_bowel_change",
        "bilateral_symptoms",
        "radiating_pain",
        "numbness_tingling",
        "limb_weakness",
        "progressive_weakness",
        "neurovascular_signs",
        "sudden_severe_headache",
        "fever",
        "cancer_history",
        "osteoporosis",
        "long_term_steroids",
        "immunosuppressed",
        "iv_drug_use",
        "unexplained_weight_loss",
        "night_pain",
    }
)
LEVELS = {"self_care": 0, "monitor": 1, "consult": 2, "urgent": 3, "emergency": 4}
MAX_STEPS = 60


def load_cases(path: Path) -> list[dict[str, Any]]:
    """(id, text, facts) from a held-out set (text/facts) or the public vignettes (narrative/episode)."""
    cases = []
    for case in yaml.safe_load(path.read_text(encoding="utf-8")):
        text = case.get("text", case.get("narrative"))
        facts = case.get("facts", case.get("episode")) or {}
        if text:
            cases.append({"id": case["id"], "text": text, "facts": facts})
    return cases


def truthful(field: str, truth: dict[str, Any]) -> Any:
    if field in truth:
        return truth[field]
    return False if field in WARNING_SIGNS else None


def walk(client: Any, text: str, truth: dict[str, Any]) -> dict[str, Any]:
    """One story through the API; returns the levels and the number of screens answered."""
    one_shot = client.post("/v1/assess/text", json={"text": text})
    one_shot.raise_for_status()
    first = one_shot.json()
    suggested = {u["field"]: u["value"] for u in first["understood"]}
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    screens = 0
    for _ in range(MAX_STEPS):
        reply = client.post("/v1/interview/next", json={"answers": answers, "skipped": skipped, "suggested": suggested})
        reply.raise_for_status()
        step = reply.json()
        if step["status"] in ("done", "emergency_stop"):
            final = step["assessment"]
            return {
                "reader": first["disposition"],
                "flow": final["disposition"],
                "screens": screens,
                "provisional_first": first["provisional"],
                "provisional_final": final["provisional"],
                "emergency_stop": step["status"] == "emergency_stop",
            }
        screens += 1
        if step["status"] == "checklist":
            for item in step["checklist"]["items"]:
                answers[item["field"]] = truthful(item["field"], truth) is True
            continue
        field = step["question"]["field"]
        # The labelled facts hold no side (a detail, not an Episode fact): asked, the person does not know.
        value = None if step["question"]["detail"] else truthful(field, truth)
        if value is None:
            skipped.append(field)
        else:
            answers[field] = value
    raise RuntimeError("the interview did not end")


def evaluate(client: Any, path: Path, detail: bool) -> dict[str, Any]:
    from backpop import Episode, assess

    rows = []
    for case in load_cases(path):
        expected = assess(Episode(**case["facts"])).disposition.value
        result = walk(client, case["text"], case["facts"])
        result.update(id=case["id"], expected=expected)
        rows.append(result)
    n = len(rows)
    reader_under = [r for r in rows if LEVELS[r["reader"]] < LEVELS[r["expected"]]]
    flow_under = [r for r in rows if LEVELS[r["flow"]] < LEVELS[r["expected"]]]
    flow_over = [r for r in rows if LEVELS[r["flow"]] > LEVELS[r["expected"]]]
    exact = sum(r["flow"] == r["expected"] for r in rows)
    screens = sorted(r["screens"] for r in rows)
    p90 = screens[min(n - 1, int(round(0.9 * (n - 1))))] if n else 0
    summary = {
        "set": path.stem if path != PUBLIC else "public vignettes",
        "stories": n,
        "reader_under": len(reader_under),
        "flow_under": len(flow_under),
        "flow_over": len(flow_over),
        "exact": exact,
        "median_q": statistics.median(screens) if screens else 0,
        "p90_q": p90,
        "max_q": max(screens, default=0),
        "screens": screens,
        "provisional_final": sum(r["provisional_final"] for r in rows),
    }
    if detail:
        for r in rows:
            if r["flow"] != r["expected"] or LEVELS[r["reader"]] < LEVELS[r["expected"]]:
                print(
                    f"  {path.stem} {r['id']}: truth {r['expected']}, reader alone {r['reader']}, "
                    f"after the interview {r['flow']} ({r['screens']} questions)"
                )
    return summary


def main(argv: list[str]) -> int:
    from fastapi.testclient import TestClient

    from backpop.web.app import WebSettings, create_app

    detail = "--detail" in argv
    paths = [Path(a) for a in argv[1:] if not a.startswith("--")]
    if not paths:
        paths = ([PUBLIC] if PUBLIC.exists() else []) + HELDOUT
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(WebSettings(db_url=f"sqlite:///{tmp}/diary.sqlite3"))
        with TestClient(app) as client:
            summaries = [evaluate(client, path, detail) for path in paths]
    print("whole-flow evaluation: story -> /v1/assess/text -> /v1/interview/next answered truthfully")
    head = (
        f"{'set':<18} {'stories':>7} {'reader alone under':>19} {'after interview under':>22} "
        f"{'over':>5} {'exact level':>12} {'questions median':>17} {'p90':>4} {'max':>4}"
    )
    print(head)
    print("-" * len(head))
    for s in summaries:
        n = s["stories"]
        print(
            f"{s['set']:<18} {n:>7} {s['reader_under']:>8} ({s['reader_under'] / n:5.1%}) "
            f"{s['flow_under']:>12} ({s['flow_under'] / n:5.1%}) {s['flow_over']:>5} "
            f"{s['exact']:>5} ({s['exact'] / n:5.1%}) {s['median_q']:>17} {s['p90_q']:>4} {s['max_q']:>4}"
        )
    total = {k: sum(s[k] for s in summaries) for k in ("stories", "reader_under", "flow_under", "exact")}
    n = total["stories"] or 1
    every = sorted(q for s in summaries for q in s["screens"])
    p90 = every[min(len(every) - 1, int(round(0.9 * (len(every) - 1))))] if every else 0
    print(
        f"{'all':<18} {total['stories']:>7} {total['reader_under']:>8} ({total['reader_under'] / n:5.1%}) "
        f"{total['flow_under']:>12} ({total['flow_under'] / n:5.1%}) {'':>5} "
        f"{total['exact']:>5} ({total['exact'] / n:5.1%}) "
        f"{statistics.median(every) if every else 0:>17} {p90:>4} {max(every, default=0):>4}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
