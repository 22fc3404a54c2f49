"""Every resident page on a 360 px phone: axe-core finds nothing serious or critical, and
nothing needs sideways scrolling. Screenshots of each page are kept for a person to look at."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import photo_files

from .browsing import apply_for_aid, apply_for_temporary_aid, arrive, declare, save_and_continue

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")
PHONE_WIDTH = 360


class Audit:
    """The `visit` for a walk: checks each page it is shown, once per name."""

    def __init__(self, shots):
        self.axe = Axe()
        self.shots = shots
        self.pages: list[str] = []
        self.problems: list[str] = []
        self.minor: list[str] = []

    def __call__(self, page, name):
        if name in self.pages:
            return
        self.pages.append(name)
        page.wait_for_load_state()
        where = f"{name} ({page.url.split('//', 1)[1].split('/', 1)[1]})"
        for v in self.axe.run(page).response["violations"]:
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"])
            line = f"{where}: [{v['impact']}] {v['id']} — {v['help']} — {targets}"
            (self.problems if v["impact"] in BLOCKING else self.minor).append(line)
        slug = re.sub(r"\W+", "-", name).strip("-") or "page"
        page.screenshot(path=self.shots / f"{len(self.pages):02d}-{slug}.png", full_page=True,
                        caret="initial")  # "hide" leaves style="" on inputs, which htmx copies
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            self.problems.append(f"{where}: scrolls sideways, {width}px wide on a "
                                 f"{PHONE_WIDTH}px phone")


@pytest.mark.parametrize("context", [True], ids=["js"], indirect=True)
def test_every_resident_page_is_accessible_on_a_small_phone(page, tmp_path_factory):
    shots = tmp_path_factory.mktemp("screenshots")
    audit = Audit(shots)

    apply_for_aid(page, audit)
    declare(page, audit)  # includes the risks page showing a validation error
    apply_for_temporary_aid(page, audit, photo=photo_files.phone_jpeg())

    # One more page with messages: the first step sent empty.
    page.goto("/")
    page.get_by_role("link", name="申请社会救助").click()
    arrive(page, "社会救助申请")
    page.get_by_role("button", name="开始填写").click()
    arrive(page, "申请人")
    page.get_by_label("申请人姓名").fill("")
    page.get_by_label("联系电话").fill("")
    save_and_continue(page)
    page.get_by_role("alert").wait_for()
    audit(page, "applicant (errors)")

    print(f"\n{len(audit.pages)} pages checked; screenshots in {shots}")
    for line in audit.minor:
        print("  minor:", line)
    assert not audit.problems, "\n" + "\n".join(audit.problems)
