"""Take full-page screenshots of portal pages in Debian's Chromium (a development aid).

Usage: python scripts/screenshot.py URL OUT.png [--width 1280] [--login EMAIL]
"""

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--login", help="log in first with this demo account")
    parser.add_argument("--password", default="Trajectportaal-demo-2026")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        if args.login:
            base = args.url.split("/", 3)[:3]
            page.goto("/".join(base) + "/accounts/login/")
            page.fill("input[name=login]", args.login)
            page.fill("input[name=password]", args.password)
            page.click("form.utrecht-form button[type=submit]")
        page.goto(args.url)
        page.screenshot(path=args.out, full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
