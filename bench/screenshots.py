"""Screenshots of the web app's pages on a desktop and a phone, into docs/screenshots/ (`make screenshots`).

The pages are those of bench/showcase.py's community, served by bin/serve on the embedded profile and seen
in Debian's Chromium; signed-in pages are seen by the showcase's first person, signed in through the form.
PAGES lists every address in one place: add a page there. A page the app does not serve yet (404) is
skipped and named at the end, so the list can run ahead of the app.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import showcase  # noqa: E402
from devstack.browser import SCREENS, launch_options  # noqa: E402

OUT = REPO / "docs" / "screenshots"

# (name, address, signed in); {profile}, {post}, {tag}, {query} and {viewer} come from showcase.Facts.
PAGES = [
    ("welcome", "/", False),
    ("sign-in", "/auth/sign_in", False),
    ("sign-up", "/auth/sign_up", False),
    ("home", "/", True),
    ("profile", "/@{profile}", True),
    ("post", "/@{profile}/{post}", True),
    ("tag", "/tags/{tag}", True),
    ("explore", "/explore", True),
    ("search", "/search?q={query}", True),
    ("notifications", "/notifications", True),
    ("new-post", "/new", True),
    ("settings", "/settings/profile", True),
    ("follow-requests", "/follow_requests", True),
]


def take(url: str, facts: showcase.Facts, out: Path) -> tuple[list[Path], list[str]]:
    """Save each page on each screen; return the files written and the pages the app does not serve."""
    from playwright.sync_api import sync_playwright

    written: list[Path] = []
    missing: list[str] = []
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(**launch_options())
        for screen, options in SCREENS.items():
            visitor = browser.new_context(base_url=url, **options)
            member = browser.new_context(base_url=url, **options)
            signing_in = member.new_page()
            signing_in.goto("/auth/sign_in")
            signing_in.get_by_label("Username or email").fill(facts.viewer)
            signing_in.get_by_label("Password", exact=True).fill(showcase.PASSWORD)
            signing_in.get_by_role("button", name="Sign in").click()
            signing_in.get_by_role("button", name="Sign out").wait_for()
            signing_in.close()
            for name, address, signed_in in PAGES:
                page = (member if signed_in else visitor).new_page()
                path = address.format(**facts.__dict__)
                response = page.goto(path, wait_until="networkidle")
                if response is None or response.status == 404:
                    if name not in missing:
                        missing.append(name)
                    page.close()
                    continue
                if response.status >= 400:
                    raise RuntimeError(f"{path} answered {response.status} on the {screen}")
                # CSS pixels, whatever the screen's density: a phone's picture stays 390 wide.
                target = out / f"{screen}-{name}.png"
                page.screenshot(path=target, scale="css", animations="disabled", caret="hide")
                written.append(target)
                page.close()
            visitor.close()
            member.close()
        browser.close()
    return written, missing


def write_index(out: Path, written: list[Path]) -> None:
    """Write out/README.md: each page's pictures side by side, in PAGES's order."""
    names = {path.name for path in written}
    rows = [
        f"| {name} | {' | '.join(f'![{name}, {screen}]({screen}-{name}.png)' for screen in SCREENS)} |"
        for name, _, _ in PAGES
        if any(f"{screen}-{name}.png" in names for screen in SCREENS)
    ]
    header = ["| page | " + " | ".join(SCREENS) + " |", "|---" * (len(SCREENS) + 1) + "|"]
    text = [
        "# Screenshots",
        "",
        "Made by `make screenshots` (bench/screenshots.py) from the showcase community (bench/showcase.py) in",
        "Debian's Chromium; phone pictures in CSS pixels. Do not edit: run it again.",
        "",
        *header,
        *rows,
    ]
    (out / "README.md").write_text("\n".join(text) + "\n")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNG files go (default docs/screenshots)")
    parser.add_argument("--data-dir", type=Path, default=showcase.DATA_DIR, help="the showcase's data directory")
    arguments = parser.parse_args(argv)
    facts = showcase.prepare(arguments.data_dir.resolve())
    with showcase.served(arguments.data_dir.resolve()) as url:
        written, missing = take(url, facts, arguments.out.resolve())
    write_index(arguments.out.resolve(), written)
    for path in written:
        print(f"  {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
    print(f"{len(written)} screenshots in {arguments.out}")
    if missing:
        print(f"not served yet (404), skipped: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
