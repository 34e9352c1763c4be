"""Real-browser tests: pytest-playwright driving Debian's Chromium against the live test server.

Every test in this folder is marked `e2e`. Without Chromium they are skipped with one line saying how
to install it, unless CAREERHUB_REQUIRE_BROWSER is set (CI sets it), which makes that a failure.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from transitions import labour_import

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
CONTENT = Path(__file__).resolve().parents[2] / "content"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
SEED_SLUG = "bank-analyst-to-ml-engineer"


_not_run = []


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    browser_tests = [item for item in items if here in Path(item.fspath).resolve().parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    if Path(CHROMIUM).exists() or not browser_tests:
        return
    if os.environ.get("CAREERHUB_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"CAREERHUB_REQUIRE_BROWSER is set but Chromium is missing at {CHROMIUM}")
    # Leave them out and say so once, rather than one skip line per test.
    _not_run.extend(browser_tests)
    items[:] = [item for item in items if item not in browser_tests]
    config.hook.pytest_deselected(items=browser_tests)


def pytest_terminal_summary(terminalreporter):
    if _not_run:
        terminalreporter.write_line(
            f"{len(_not_run)} browser tests not run: Chromium is missing at {CHROMIUM} "
            "(install it with `apt-get install chromium`).",
            yellow=True,
        )


def pytest_sessionfinish(session, exitstatus):
    if _not_run and exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.OK


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture
def demo_content(transactional_db, labour_slice_dir):
    labour_import.load(labour_slice_dir)
    call_command("load_content", str(CONTENT))


@pytest.fixture
def url(live_server):
    """Absolute URL on the live server for a path from reverse() or get_absolute_url()."""
    return lambda path: f"{live_server.url}{path}"


@pytest.fixture
def shoot():
    """Save what the browser saw, at desktop and at mobile width, under tests/e2e/screenshots/."""

    def shoot(page, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        original = page.viewport_size
        for label, size in [("desktop", DESKTOP), ("mobile", MOBILE)]:
            page.set_viewport_size(size)
            page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
        page.set_viewport_size(original)

    return shoot


_axe = Axe()


def assert_accessible(page):
    """axe-core finds no serious or critical violation on the page as it is now."""
    results = _axe.run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(f"    {node['html']}" for node in v["nodes"][:5])
        for v in serious
    )
    assert not serious, f"axe-core found on {page.url}:\n{report}"


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
