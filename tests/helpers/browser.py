"""The citizen pages in a real Chromium (Debian's, driven by Playwright): signing in, the booking steps,
the e-mails the demo outbox holds, and axe-core's check of each page (with a screenshot on request)."""

from __future__ import annotations

import email
import os
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.helpers.live_server import LiveServer
from tests.helpers.world import World

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("DIMOS_SCREENSHOTS", "")) if os.environ.get("DIMOS_SCREENSHOTS") else None

AXE = Axe()


def accessible(page: Page, name: str) -> None:
    """axe-core reports no violation on the page; a screenshot is kept when DIMOS_SCREENSHOTS is set."""
    if getattr(page, "_no_js", False):
        return  # axe runs as page script; with JavaScript off the no-JS test checks behaviour only
    results = AXE.run(page)
    violations = results.response["violations"]
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def manage_link(message: email.message.Message) -> str:
    """The plain manage link of an e-mail (the reschedule/cancel buttons add ``&action=``)."""
    found = re.search(r"(http://\S+/manage/[^\s&]+\?token=[^\s&]+)", body_text(message))
    assert found is not None, body_text(message)
    return found.group(1)


def last_mail(world: World, contains: str = "") -> email.message.Message:
    files = sorted(world.rt.config.outbox_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime)
    for path in reversed(files):
        message = email.message_from_bytes(path.read_bytes())
        if contains in str(message["Subject"]) or contains in body_text(message):
            return message
    raise AssertionError(f"no e-mail containing {contains!r}")


def body_text(message: email.message.Message) -> str:
    parts = [message] if not message.is_multipart() else list(message.walk())
    texts = []
    for part in parts:
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                texts.append(payload.decode(part.get_content_charset() or "utf-8"))
    return "\n".join(texts)


def sign_in(page: Page, live: LiveServer, world: World, address: str, lang: str = "el") -> None:
    page.goto(f"{live.url}/?m=larissa&lang={lang}")
    accessible(page, f"01-login-{lang}")
    page.get_by_label("E-mail address" if lang == "en" else "Ηλεκτρονικό ταχυδρομείο").fill(address)
    page.get_by_role("button", name="Send code" if lang == "en" else "Αποστολή κωδικού").click()
    code = re.search(r"\b(\d{6})\b", body_text(last_mail(world, address)) or "")
    assert code is not None
    accessible(page, f"02-code-{lang}")
    page.get_by_label("One-time code" if lang == "en" else "Κωδικός μίας χρήσης").fill(code.group(1))
    page.get_by_role("button", name="Sign in" if lang == "en" else "Είσοδος").click()


def book_until_details(page: Page, lang: str) -> None:
    en = lang == "en"
    expect(page.get_by_label("Choose your municipality" if en else "Επιλέξτε Δήμο")).to_have_value("larissa")
    accessible(page, f"03-municipality-{lang}")
    page.get_by_role("button", name="Continue" if en else "Συνέχεια").click()
    accessible(page, f"04-group-{lang}")
    page.get_by_label("Civil Registry - Municipal Roll" if en else "Ληξιαρχείο - Δημοτολόγιο").check()
    page.get_by_role("button", name="Continue" if en else "Συνέχεια").click()
    accessible(page, f"05-service-{lang}")
    page.get_by_label(
        "Application for a Cohabitation Agreement" if en else "Αίτηση για Σύμφωνο Συμβίωσης"
    ).check()
    page.get_by_role("button", name="Continue" if en else "Συνέχεια").click()
    accessible(page, f"06-mode-{lang}")
    page.get_by_label("Teleconference" if en else "Τηλεδιάσκεψη").check()
    page.get_by_role("button", name="Continue" if en else "Συνέχεια").click()
    expect(page.locator("#zone-line")).to_contain_text("Europe/")
    page.locator(".month-grid a").first.click()
    accessible(page, f"07-calendar-{lang}")
    page.locator("button.time").nth(1).click()
