"""The curator console in a real headless Chromium (Debian's ``chromium``, driven by
Playwright) against a real ``polyonym serve`` on SQLite; each page's screenshot goes to
test-artifacts/console/."""

from __future__ import annotations

import shutil
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests

from benchmarks.console_bench import CHROMIUM_ARGS  # one way to launch Chromium headless
from tests.e2e.conftest import Server

# chromium: under CI=true a skip here fails the run (tests/conftest.py)
pytestmark = [pytest.mark.e2e, pytest.mark.chromium]

try:  # a missing playwright skips each test with its reason, never the module silently
    from playwright import sync_api
except ImportError:
    sync_api = None  # type: ignore[assignment]
if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
expect = sync_api.expect if sync_api else None

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "console"
TARTUS = "E000021"  # "Russian naval facility in Tartus": "Tartous" comes back ambiguous
PUTIN = "E000005"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if sync_api is None:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    path = chromium_path()
    if path is None:
        pytest.skip("no browser: install Debian's chromium (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def server(tmp_path: Path, start_server: Callable[..., Server]) -> Server:
    return start_server({"POLYONYM_DATABASE_URL": f"sqlite:///{tmp_path / 'console.db'}"})


@pytest.fixture
def curator_key(server: Server) -> str:
    return server.cli("keys", "create", "--role", "curator", "--name", "carol")


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh browser context (so a fresh sessionStorage); a script error fails the test."""
    context = browser.new_context(base_url=server.base, viewport={"width": 1280, "height": 860})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"script errors in the console: {errors}"


def open_console(page: Page, route: str = "") -> None:
    page.goto(f"/console#/{route}")
    wait_view(page, route.split("/")[0] or "review")


def wait_view(page: Page, view: str) -> None:
    page.wait_for_selector(f'main[aria-busy="false"][data-view="{view}"]')


def sign_in(page: Page, key: str) -> None:
    page.get_by_label("Curator API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#session")).to_contain_text("Signed in")
    page.wait_for_selector('main[aria-busy="false"]')


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    width, height, shades = png_facts(path)
    assert width == 1280 and height >= 860, (name, width, height)  # the viewport, full page
    assert shades > 32, f"{name}.png is blank"  # a page drawn, not one flat colour
    return path


def png_facts(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the decoded pixel rows."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        if data[at + 4 : at + 8] == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    return width, height, len(set(zlib.decompress(b"".join(chunks))))


def call(server: Server, method: str, path: str, key: str | None = None, **kw: Any) -> Any:
    headers = kw.pop("headers", {})
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return requests.request(method, f"{server.base}{path}", headers=headers, timeout=10, **kw)


def resolve(server: Server, name: str) -> dict[str, Any]:
    body: dict[str, Any] = call(server, "POST", "/resolve", json={"name": name}).json()
    return body


def wait_queued(server: Server, names: set[str], key: str, timeout: float = 15) -> None:
    """The review buffer reaches the database within about a second; GET /review flushes
    (and, being curation data, needs a curator key)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        items = call(server, "GET", "/review?per_page=100", key).json()["items"]
        if names <= {item["name"] for item in items}:
            return
        time.sleep(0.3)
    raise TimeoutError(f"{names} never reached the review queue")


def test_sign_in_keeps_the_key_in_the_session_only(page: Page, curator_key: str) -> None:
    open_console(page)
    expect(page.locator("main")).to_contain_text("Read-only: sign in to act.")
    page.get_by_label("Curator API key").fill("not-a-key")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#status")).to_contain_text("Sign-in failed")
    sign_in(page, curator_key)
    expect(page.locator("#status")).to_contain_text("Curating is enabled")
    assert page.evaluate("sessionStorage.getItem('polyonym.key')") == curator_key
    assert page.evaluate("localStorage.length") == 0
    page.get_by_role("button", name="Sign out").click()
    assert page.evaluate("sessionStorage.getItem('polyonym.key')") is None


def test_accept_from_the_review_queue_changes_resolve(
    page: Page, server: Server, curator_key: str
) -> None:
    for name in ["Tartous", "Tartous", "Tartous", "Hafez", "Syrian Army", "Kremlin"]:
        resolve(server, name)
    assert resolve(server, "Tartous")["status"] == "ambiguous"
    wait_queued(server, {"Tartous", "Hafez", "Syrian Army", "Kremlin"}, curator_key)
    open_console(page)
    sign_in(page, curator_key)
    rows = page.locator(".queue > li")
    expect(rows.first).to_contain_text("Tartous")
    expect(rows.first.locator("input[type=radio]").first).to_have_value(TARTUS)
    screenshot(page, "review")

    rows.first.focus()
    page.keyboard.press("a")
    expect(page.locator("#status")).to_contain_text(f"Accepted “Tartous” as an alias of {TARTUS}")
    answer = resolve(server, "Tartous")
    assert answer["status"] == "matched" and answer["match"]["id"] == TARTUS

    expect(rows).to_have_count(3)
    expect(page.locator(".queue > li:focus")).to_have_count(1)  # focus moved to the next row
    page.keyboard.press("j")
    focused = page.locator(".queue > li:focus")
    expect(focused).to_have_count(1)
    dismissed = (focused.get_attribute("aria-label") or "").split(",")[0]
    page.keyboard.press("d")
    expect(page.locator("#status")).to_contain_text(f"Dismissed “{dismissed}”")
    expect(rows).to_have_count(2)
    open_names = {i["name"] for i in call(server, "GET", "/review", curator_key).json()["items"]}
    assert open_names == {"Hafez", "Syrian Army", "Kremlin"} - {dismissed}


def test_stale_edit_shows_the_other_change_instead_of_overwriting(
    page: Page, server: Server, curator_key: str
) -> None:
    open_console(page, f"entity/{PUTIN}")
    sign_in(page, curator_key)
    screenshot(page, "entity")
    other = server.cli("keys", "create", "--role", "curator", "--name", "bob")
    theirs = {"external_ids": {"wikidata": "Q7747", "viaf": "76316153"}}
    headers = {"If-Match": '"1"'}
    assert call(server, "PATCH", f"/entities/{PUTIN}", other, json=theirs, headers=headers).ok

    page.get_by_label("Canonical name").fill("Vladimir Vladimirovich Putin")
    page.get_by_role("button", name="Save changes").click()
    conflict = page.locator("#conflict")
    expect(conflict).to_contain_text("someone else changed this entity first")
    expect(conflict).to_contain_text("viaf=76316153")
    expect(conflict).to_contain_text("bob")
    expect(page.locator("#status")).to_contain_text("Conflict")
    screenshot(page, "conflict")
    stored = call(server, "GET", f"/entities/{PUTIN}").json()
    assert stored["name"] == "Vladimir Putin" and stored["external_ids"]["viaf"] == "76316153"

    page.get_by_role("button", name="Apply my edit on top").click()
    expect(page.locator("#status")).to_contain_text("Saved")
    stored = call(server, "GET", f"/entities/{PUTIN}").json()
    assert stored["name"] == "Vladimir Vladimirovich Putin"
    assert stored["external_ids"]["viaf"] == "76316153"  # their change survived


def test_merge_previews_then_the_absorbed_page_shows_where_it_went(
    page: Page, server: Server, curator_key: str
) -> None:
    made = [
        call(server, "POST", "/entities", curator_key, json=body).json()["id"]
        for body in (
            {"name": "Geir Pedersen", "type": "person", "aliases": ["Гейр Педерсен"]},
            {"name": "Geir O. Pedersen", "type": "person", "aliases": ["غير بيدرسن"]},
        )
    ]
    survivor, absorbed = made
    open_console(page, f"entity/{survivor}")
    sign_in(page, curator_key)
    page.get_by_label("IDs to absorb").fill(absorbed)
    page.get_by_role("button", name="Preview merge").click()
    preview = page.locator("#merge-preview")
    expect(preview).to_contain_text(f"Geir O. Pedersen ({absorbed}, person)")
    expect(preview).to_contain_text("غير بيدرسن")
    assert call(server, "GET", f"/entities/{absorbed}", allow_redirects=False).status_code == 200
    page.get_by_role("button", name="Confirm merge").click()
    expect(page.locator("#status")).to_contain_text(f"Merged {absorbed} into {survivor}")
    expect(page.locator("main")).to_contain_text("غير بيدرسن")

    open_console(page, f"entity/{absorbed}")
    notice = page.locator("#merged-notice")
    expect(notice).to_contain_text(f"{absorbed} was merged into {survivor}")
    expect(page.locator("h1")).to_have_text("Geir Pedersen")
    screenshot(page, "merged")


def test_split_previews_then_moves_the_ticked_aliases(
    page: Page, server: Server, curator_key: str
) -> None:
    body = {"name": "Ali Mamluk", "type": "person", "aliases": ["Ali Mamlouk", "Ali Mahmoud"]}
    source = call(server, "POST", "/entities", curator_key, json=body).json()["id"]
    open_console(page, f"entity/{source}")
    sign_in(page, curator_key)
    page.get_by_label("Select “Ali Mahmoud” to split off").check()
    page.get_by_label("New entity's name").fill("Ali Mahmoud")
    page.get_by_role("button", name="Preview split").click()
    expect(page.locator("#split-preview")).to_contain_text("Split 1 alias into a new person")
    page.get_by_role("button", name="Confirm split").click()
    expect(page.locator("#status")).to_contain_text("Split off Ali Mahmoud as E")
    created = page.locator(".notice a").get_attribute("href") or ""
    moved = call(server, "GET", f"/entities/{created.rsplit('/', 1)[-1]}").json()
    assert moved["name"] == "Ali Mahmoud" and moved["id"] != source
    remaining = [a["name"] for a in call(server, "GET", f"/entities/{source}").json()["aliases"]]
    assert remaining == ["Ali Mamlouk"]


def test_search_as_you_type_opens_the_entity_page(
    page: Page, server: Server, curator_key: str
) -> None:
    hostile = '<img src=x onerror="window.pwned=1"> Pedersen'
    call(server, "POST", "/entities", curator_key, json={"name": hostile, "type": "person"})
    open_console(page, "search")
    page.get_by_label("Name, in any script").press_sequentially("Пут", delay=60)
    results = page.locator("#search-results")
    expect(results).to_have_attribute("data-prefix", "Пут")
    expect(results).to_contain_text("Vladimir Putin")
    screenshot(page, "search")

    page.get_by_label("Name, in any script").fill("pedersen")
    expect(results).to_contain_text(hostile)  # shown as text, never as markup
    assert page.evaluate("window.pwned") is None

    page.get_by_label("Name, in any script").fill("Пут")
    page.get_by_role("link", name="Vladimir Putin").click()
    wait_view(page, "entity")
    expect(page.locator("#script-Cyrillic")).to_have_text("Cyrillic (3)")
    expect(page.locator("main")).to_contain_text("Владимир Путин")
    expect(page.locator("main")).to_contain_text("Read-only: sign in to edit.")


def test_try_it_explains_the_score(page: Page) -> None:
    open_console(page, "try")
    page.get_by_label("Name").fill("Wladimir Putin")
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator("#try-status")).to_contain_text("matched")
    expect(page.locator("#try-status")).to_contain_text(f"Vladimir Putin ({PUTIN})")
    page.locator("#try-result details summary").first.click()
    explanation = page.locator("#try-result details").first
    expect(explanation).to_contain_text("components")
    expect(explanation).to_contain_text("wladimir")
    screenshot(page, "tryit")


def test_countries_are_shown_edited_and_tell_namesakes_apart(
    page: Page, server: Server, curator_key: str
) -> None:
    """#18: the entity page shows and edits countries; the saved country reaches /resolve."""
    made = []
    for country in ("LB", "LY"):
        body = {"name": "Tripoli", "type": "place", "countries": [country], "allow_shared": True}
        made.append(call(server, "POST", "/entities", curator_key, json=body).json()["id"])
    lb, ly = made
    open_console(page, f"entity/{ly}")
    sign_in(page, curator_key)
    expect(page.locator("#entity-countries")).to_contain_text("LY")
    page.get_by_role("textbox", name="Countries").fill("tn, ly")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#status")).to_contain_text("Saved")
    expect(page.locator("#entity-countries")).to_contain_text("TN")
    expect(page.locator(".history")).to_contain_text("countries: LY → LY TN")
    stored = call(server, "GET", f"/entities/{ly}").json()
    assert stored["countries"] == ["LY", "TN"]
    answer = call(server, "POST", "/resolve", json={"name": "Tripoli", "country": "TN"}).json()
    assert answer["status"] == "matched" and answer["match"]["id"] == ly
    page.get_by_role("textbox", name="Countries").fill("QQ")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#status")).to_contain_text("Not saved")
    assert call(server, "GET", f"/entities/{ly}").json()["countries"] == ["LY", "TN"]
    assert call(server, "GET", f"/entities/{lb}").json()["countries"] == ["LB"]
