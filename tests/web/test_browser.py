"""A real browser (Debian's Chromium, driven by Playwright) on the real pages, JavaScript off.

Skipped with the reason when Chromium or Playwright is missing; never downloads a browser.
Screenshots go to $BACKPOP_SCREENSHOTS (or the test's temporary folder) for a person to look at;
no assertion depends on pixels.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import LiveServer
from .web_helpers import BENIGN_ANSWERS, wav_bytes

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and shutil.which("chromium") is None,
    reason=f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)",
)


@pytest.fixture(scope="module")
def playwright():
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright):
    b = playwright.chromium.launch(
        executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), headless=True, args=ARGS
    )
    yield b
    b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BACKPOP_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def server(make_app):
    with LiveServer(make_app()) as live:
        yield live


@pytest.fixture
def multi_server(make_app):
    with LiveServer(make_app(multi_user=True)) as live:
        yield live


def new_page(browser, **options):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, **options)
    return context.new_page()


def answer_benignly(page) -> None:
    for _ in range(40):
        if page.locator("form.checklist").count():
            page.click("button[value='checklist']")
            continue
        form = page.locator("form.question")
        if form.count() == 0:
            return
        field = form.get_attribute("data-field")
        value = BENIGN_ANSWERS[field]
        if page.locator("#answer").count():
            page.fill("#answer", value)
            page.click("button:has-text('Next')")
        else:
            page.click(f"button.option[value='{value}']")
    raise AssertionError("the interview did not end")


def test_an_interview_ends_in_a_benign_result(browser, server, shots):
    page = new_page(browser)
    page.goto(server.url + "/")
    page.screenshot(path=str(shots / "start.png"), full_page=True)
    page.click("text=Answer questions instead")
    assert "Question 1 of at most" in page.inner_text(".progress")
    page.screenshot(path=str(shots / "checklist.png"), full_page=True)
    page.click("button[value='checklist']")
    assert page.locator("form.question").get_attribute("data-field") == "region"  # where comes early
    page.screenshot(path=str(shots / "question.png"), full_page=True)
    page.click("button[name='action'][value='back']")
    assert page.locator("form.checklist").count() == 1
    answer_benignly(page)
    banner = page.locator("[data-disposition]").first
    assert banner.get_attribute("data-disposition") == "self_care"
    assert page.locator("h2:has-text('Why')").is_visible()
    page.screenshot(path=str(shots / "result.png"), full_page=True)
    page.click("button:has-text('Save to my diary')")
    assert "Saved to your diary" in page.inner_text("main")
    page.context.close()


def test_an_emergency_answer_stops_the_interview(browser, server, shots):
    page = new_page(browser)
    page.goto(server.url + "/interview")
    page.check("#tick-saddle_numbness")
    page.click("button[value='checklist']")
    stop = page.locator(".emergency-stop")
    assert stop.is_visible()
    assert "emergency" in stop.inner_text().lower()
    assert page.locator("form.question").count() == 0
    box = stop.bounding_box()
    assert box is not None and box["height"] >= PHONE["height"] * 0.6
    page.screenshot(path=str(shots / "emergency.png"))
    page.context.close()


def test_the_keyboard_alone_answers_a_question(browser, server):
    page = new_page(browser)
    page.goto(server.url + "/interview")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "tick-fever":
            break
    page.keyboard.press("Space")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "checklist":
            break
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("form.question").get_attribute("data-field") == "region"  # where comes early
    page.context.close()


def test_a_story_is_read_then_each_fact_that_matters_is_confirmed_or_corrected(browser, server, shots):
    page = new_page(browser)
    page.goto(server.url + "/")
    page.fill("#text", "My lower back popped when I twisted round. It doesn't hurt at all.")
    page.click("button:has-text('Continue')")
    assert "Is this what happened?" in page.inner_text("h1")
    page.screenshot(path=str(shots / "understood.png"), full_page=True)
    # Correct one fact without losing the story: the pain question, with "No pain" pre-selected.
    page.click("button[aria-label^='Change: '][value='change:pain']")
    assert page.locator("form.question").get_attribute("data-field") == "pain"
    assert page.locator("button.option.suggested").get_attribute("value") == "none"
    page.screenshot(path=str(shots / "suggested.png"), full_page=True)
    page.click("button.option[value='moderate']")
    answer_benignly(page)
    assert page.locator("[data-disposition]").first.get_attribute("data-disposition") == "consult"
    page.context.close()


def test_every_form_control_has_a_label_and_nothing_scrolls_sideways(browser, server):
    page = new_page(browser)
    for path in ("/", "/interview", "/recording", "/diary", "/diary/trend"):
        page.goto(server.url + path)
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)""")
        assert unlabelled == [], (path, unlabelled)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not wide, path
    page.context.close()


def _acoustics_present() -> bool:
    try:
        from backpop.acoustics import listen  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _acoustics_present(), reason="backpop.acoustics is absent")
def test_a_recording_is_uploaded_and_plotted(browser, server, shots, tmp_path):
    recording = tmp_path / "my back.wav"
    recording.write_bytes(wav_bytes(clicks_at=(0.6, 1.4)))
    page = new_page(browser)
    page.goto(server.url + "/recording")
    page.set_input_files("#file", str(recording))
    page.click("button:has-text('Listen to it')")
    assert page.locator("h1").inner_text() == "What the recording says"
    assert page.locator("svg.chart").count() == 1
    page.screenshot(path=str(shots / "recording.png"), full_page=True)
    page.click("button:has-text('Continue with the questions')")
    assert page.locator("form.question").count() == 1
    page.context.close()


def test_two_people_each_see_only_their_own_diary(browser, multi_server, shots):
    people = {}
    for name in ("ada@example.org", "ben@example.org"):
        page = new_page(browser)
        page.goto(multi_server.url + "/signup")
        page.fill("#username", name)
        page.fill("#password", "a long enough password")
        page.fill("#password_again", "a long enough password")
        page.click("button:has-text('Create account')")
        assert "My diary" in page.locator("h1").inner_text()
        people[name] = page
    ada, ben = people["ada@example.org"], people["ben@example.org"]
    ada.goto(multi_server.url + "/interview")
    answer_benignly(ada)
    ada.click("button:has-text('Save to my diary')")
    entry_url = ada.url.split("?")[0]
    assert "/diary/entry/e" in entry_url
    ada.goto(multi_server.url + "/diary")
    assert ada.locator("table.entries tbody tr").count() == 1
    ada.screenshot(path=str(shots / "diary.png"), full_page=True)
    response = ben.goto(entry_url)
    assert response is not None and response.status == 404
    ben.goto(multi_server.url + "/diary")
    assert "Your diary is empty" in ben.inner_text("main")
    ben.screenshot(path=str(shots / "other_diary.png"), full_page=True)
    for page in people.values():
        page.context.close()


def test_a_sound_recorded_in_the_browser_is_heard(playwright, make_app, tmp_path, shots):
    """Chromium's fake microphone plays a recording of pops; the page records it with MediaRecorder
    (WebM/Opus), sends it with the upload form, and shows what was heard."""
    pops = tmp_path / "pops.wav"
    pops.write_bytes(wav_bytes(seconds=2.0, rate=48_000, clicks_at=(0.4, 1.2)))
    fake = [
        *ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={pops}",
    ]
    with LiveServer(make_app()) as live:
        b = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), headless=True, args=fake
        )
        try:
            context = b.new_context(viewport=PHONE)
            context.grant_permissions(["microphone"], origin=live.url)
            page = context.new_page()
            page.goto(live.url + "/recording")
            assert page.locator("#recorder").is_visible()
            page.screenshot(path=str(shots / "recorder.png"), full_page=True)
            page.click("#record-start")
            page.wait_for_selector("#record-stop:not([disabled])")
            page.wait_for_timeout(3000)
            page.click("#record-stop")
            page.wait_for_selector("h1:has-text('What the recording says')", timeout=30_000)
            page.screenshot(path=str(shots / "recorded.png"), full_page=True)
            kinds = page.locator("table tbody tr td:nth-child(2)").all_inner_texts()
            assert {"Pop", "Click"} & set(kinds), kinds  # the kinds in words, as the picture names them
        finally:
            b.close()


def test_without_javascript_the_recording_page_offers_the_upload_form_alone(browser, server):
    page = new_page(browser)
    page.goto(server.url + "/recording")
    assert not page.locator("#recorder").is_visible()
    assert page.locator("#file").is_visible()
    page.context.close()
