"""Three stories told in a real browser (Debian's Chromium, driven by Playwright), on a phone and a
desktop screen: a harmless pop, an urgent one and an emergency. Every page they pass through speaks
plain words (no field name, no Python literal, no raw ISO timestamp) and has no serious or critical
accessibility violation by axe-core, run inside the page.

axe-core is the pinned copy under tests/web/vendor/axe-core (from the npm registry; its licence is
beside it). Screenshots go to $BACKPOP_SCREENSHOTS (or the test's temporary folder).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from backpop.episode import allowed_values, field_names

from .conftest import LiveServer
from .test_browser import ARGS, CHROMIUM
from .web_helpers import BENIGN_ANSWERS

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and shutil.which("chromium") is None,
    reason=f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)",
)

#: What must never reach a person: field names and answer ids with underscores, Python literals,
#: ISO timestamps, "key = value" pairs.
RAW_WORDS = sorted(
    {name for name in field_names() if "_" in name}
    | {str(v) for name in field_names() for v in (allowed_values(name) or []) if "_" in str(v)}
)
RAW_PATTERNS = [
    re.compile(p)
    for p in (r"\bTrue\b", r"\bFalse\b", r"\bNone\b", r"\d{4}-\d{2}-\d{2}T\d{2}:", r"\b\w+ = \w+", r"\{\w*\}")
]

#: Each story: what the person ticks on the warning-sign checklist and answers otherwise.
STORIES = {
    "benign": ({}, "self_care"),
    "urgent": ({"radiating_pain": "yes", "pain": "moderate", "activity": "heavy_lift"}, "urgent"),
    "emergency": ({"saddle_numbness": "yes"}, "emergency"),
}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), headless=True, args=ARGS
        )
        yield b
        b.close()


@pytest.fixture
def server(make_app):
    with LiveServer(make_app(country="GB")) as live:
        yield live


@pytest.fixture
def shots() -> Path | None:
    """Where to save screenshots to look at (BACKPOP_SCREENSHOTS); none are taken without it."""
    if not os.environ.get("BACKPOP_SCREENSHOTS"):
        return None
    folder = Path(os.environ["BACKPOP_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def photograph(page, folder: Path | None, name: str, *, full_page: bool = False) -> None:
    if folder is not None:
        page.screenshot(path=str(folder / name), full_page=full_page)


class Visit:
    """One person's browser at one screen size: checks and photographs every page it shows."""

    def __init__(self, browser, size: str, story: str, shots: Path | None) -> None:
        self.context = browser.new_context(viewport=SIZES[size], bypass_csp=True)
        self.page = self.context.new_page()
        self.size, self.story, self.shots, self.count = size, story, shots, 0
        self.axe = AXE.read_text(encoding="utf-8")

    def check(self, name: str) -> str:
        """Open every 'more' part, then: plain words only, axe clean, and a screenshot. The page's text."""
        page = self.page
        self.count += 1
        # What the person sees first (the screen, nothing opened), then the whole page with every part open.
        photograph(page, self.shots, f"{self.story}-{self.size}-{self.count:02d}-{name}-first.png")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        text = page.inner_text("body")
        for raw in RAW_WORDS:
            assert not re.search(rf"\b{re.escape(raw)}\b", text), (name, raw)
        for pattern in RAW_PATTERNS:
            assert not pattern.search(text), (name, pattern.pattern, pattern.search(text).group(0))
        page.evaluate(self.axe)
        violations = page.evaluate("""async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '));
        }""")
        assert violations == [], (name, self.size, violations)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not wide, (name, self.size, "the page scrolls sideways")
        photograph(page, self.shots, f"{self.story}-{self.size}-{self.count:02d}-{name}.png", full_page=True)
        return text

    def close(self) -> None:
        self.context.close()


def _answer(visit: Visit, answers: dict[str, str]) -> None:
    page = visit.page
    for _ in range(40):
        if page.locator(".emergency-stop").count() or page.locator("[data-disposition]").count():
            return
        if page.locator("form.checklist").count():
            visit.check("checklist")
            for field in page.locator("form.checklist").get_attribute("data-checklist").split(","):
                if answers.get(field) == "yes":
                    page.check(f"#tick-{field}")
            page.click("button[value='checklist']")
            continue
        form = page.locator("form.question")
        field = form.get_attribute("data-field")
        if visit.count < 4:
            visit.check(f"question-{field}")
        value = answers.get(field, BENIGN_ANSWERS[field])
        if page.locator("#answer").count():
            page.fill("#answer", value)
            page.click("button:has-text('Next')")
        else:
            page.click(f"button.option[value='{value}']")
    raise AssertionError("the interview did not end")


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("story", list(STORIES))
def test_a_story_reads_plainly_and_passes_axe_on_every_page(browser, server, shots, story, size):
    answers, level = STORIES[story]
    visit = Visit(browser, size, story, shots)
    page = visit.page
    page.goto(server.url + "/")
    visit.check("start")
    page.click("text=Answer questions instead")
    _answer(visit, answers)
    assert page.locator("[data-disposition]").first.get_attribute("data-disposition") == level
    first_look = page.inner_text("body")  # before anything is opened: what a worried person reads
    text = visit.check("result")
    if level == "emergency":
        call = page.locator("a.call")
        assert call.get_attribute("href") == "tel:999" and "Call 999" in call.inner_text()
        assert text.count("Do not drive yourself") == 1
        assert "cauda equina" not in page.inner_text(".emergency-stop")  # that is for the clinician
        visit.close()
        return
    banner = page.inner_text("[data-disposition]")
    for condition in ("nerve root compression", "herniated disc", "cauda equina", "metastasis"):
        assert condition not in banner.lower()
    if level == "urgent":
        assert "today" in banner.lower()
        assert "gas bubble" not in first_look.lower() and "Do not force the pop" not in text
        assert "nerve root compression" in page.inner_text("#for-clinician")
    page.click("button:has-text('Save to my diary')")
    visit.check("saved-entry")
    page.goto(server.url + "/diary")
    visit.check("diary")
    if level == "urgent":
        assert page.locator("#unseen-title").count() == 1
        page.click("button:has-text('A clinician has seen me about this')")
        assert page.locator("#unseen-title").count() == 0  # the urgent banner clears
        assert "Seen by a clinician" in visit.check("diary-seen")
    page.goto(server.url + "/diary/trend")
    visit.check("trend")
    page.goto(server.url + "/diary/report")
    visit.check("report")
    page.goto(server.url + "/recording")
    visit.check("recording")
    visit.close()


def test_a_story_in_words_is_confirmed_in_plain_words(browser, server, shots):
    visit = Visit(browser, "phone", "story", shots)
    page = visit.page
    page.goto(server.url + "/")
    page.fill("#text", "My lower back popped when I lifted a heavy box and my left foot tingles")
    page.click("button:has-text('Continue')")
    text = visit.check("understood")
    assert "What you were doing: Lifting something heavy" in text
    visit.close()


def test_the_api_browser_works_offline_under_its_content_security_policy(browser, server, shots):
    """/docs loads Swagger UI from this service alone: any request elsewhere is refused, and nothing
    the policy blocks is needed."""
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    elsewhere: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(server.url)
            else (elsewhere.append(route.request.url), route.abort())
        ),
    )
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    response = page.goto(server.url + "/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "backpop" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock-tag").count() >= 3  # the tags: assessment, interview, diary, ...
    assert elsewhere == [] and blocked == []
    photograph(page, shots, "docs-desktop.png")
    context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_account_pages_read_plainly_and_pass_axe(browser, make_app, shots, size):
    with LiveServer(make_app(multi_user=True, country="GB")) as live:
        visit = Visit(browser, size, "account", shots)
        page = visit.page
        page.goto(live.url + "/signup")
        visit.check("signup")
        page.fill("#username", f"ann-{size}")
        page.fill("#password", "a long enough password")
        page.fill("#password_again", "a long enough password")
        page.click("button:has-text('Create account')")
        page.goto(live.url + "/account")
        page.click("button:has-text('Make a token')")
        visit.check("account")
        page.goto(live.url + "/no/such/page")
        visit.check("not-found")
        page.goto(live.url + "/account")
        page.click("button:has-text('Sign out')")
        page.goto(live.url + "/signin")
        visit.check("signin")
        visit.close()


def test_the_api_browser_fits_a_phone(browser, server, shots):
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    page.goto(server.url + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    photograph(page, shots, "docs-phone.png")
    context.close()
