"""The clinician report: self-contained HTML and a PDF."""

from __future__ import annotations

import re

from backpop.diary.report import build_report

from .diary_helpers import NOW, days_ago, save


def _filled(diary):
    save(diary, days_ago(40), sound="grinding", pain="none")
    save(diary, days_ago(20), radiating_pain=True, pain="moderate", text="<b>leg</b> pain")
    for n in range(10):
        diary.log_crack(when=days_ago(n))
    diary.save_recording(None, listen={"events": [{"time": 0.5, "kind": "pop"}]}, duration_s=2.0, when=days_ago(3))
    diary.add_note("physio booked", when=days_ago(1))


def test_html_report_is_self_contained_with_every_section(diary):
    _filled(diary)
    page = build_report(diary, now=NOW).html()
    for heading in (
        "Summary",
        "Red flags ever raised",
        "Warning signs",
        "Levels over time",
        "Episodes per week",
        "Pain over time",
        "Self-cracking per week",
        "Episodes, most recent first",
        "Recordings",
    ):
        assert f"<h2>{heading}" in page
    assert len(re.findall(r"src='data:image/png;base64,", page)) == 5
    assert "http://" not in page and "https://" not in page
    assert "<b>leg</b>" not in page  # the person's words are escaped
    assert "U1" in page  # the red flag raised 20 days ago


def test_unseen_urgent_episode_is_at_the_top_of_the_report(diary):
    _filled(diary)
    page = build_report(diary, now=NOW).html()
    assert page.index("not yet marked as seen") < page.index("<h2>Summary")


def test_empty_diary_still_makes_a_report(diary):
    page = build_report(diary, now=NOW).html()
    assert "the diary is empty" in page


def test_pdf_report(diary, tmp_path):
    _filled(diary)
    target = tmp_path / "report.pdf"
    build_report(diary, now=NOW).pdf(target)
    assert target.read_bytes().startswith(b"%PDF")


def test_the_report_names_the_person_not_the_owner_id(diary):
    save(diary, days_ago(2), owner="user-3", sound="pop", pain="none")
    page = build_report(diary, owner="user-3", who="ann@example.org", now=NOW).html()
    assert "Diary of ann@example.org" in page and "user-3" not in page
