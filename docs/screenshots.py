#!/usr/bin/env python3
"""Takes the README screenshots in real headless Chromium (Debian's chromium + chromium-driver).

Usage: python3 docs/screenshots.py        (from anywhere; writes docs/images/*.png)

Starts ./panel serve on a fresh data folder (port 18080, loopback only), adds a little sample
data through the CLI, signs in as the administrator through the login form and saves the login
page, the admin dashboard, the add-ons page and the account page. Speaks the WebDriver protocol
to /usr/bin/chromedriver directly (standard library only), so nothing is downloaded.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
PORT = 18080
DRIVER_PORT = 19515
BASE = f"http://localhost:{PORT}"
PASSWORD = "screenshot-password-1"
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", "--window-size=1280,900"]


def http(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {url}: {e.code} {e.read().decode(errors='replace')[:500]}") from None


def wait_until(check, what, seconds=60, log=lambda: ""):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"timed out waiting for {what}\n{log()}")


class Browser:
    def __init__(self, profile):
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium", "args": CHROME_ARGS + [f"--user-data-dir={profile}"]}}}}
        self.url = f"http://127.0.0.1:{DRIVER_PORT}/session/" + http("POST", f"http://127.0.0.1:{DRIVER_PORT}/session", caps)["value"]["sessionId"]

    def go(self, path):
        http("POST", self.url + "/url", {"url": BASE + path})

    def find(self, css):
        value = http("POST", self.url + "/element", {"using": "css selector", "value": css})["value"]
        return next(iter(value.values()))

    def type(self, css, text):
        http("POST", f"{self.url}/element/{self.find(css)}/value", {"text": text})

    def click(self, css):
        http("POST", f"{self.url}/element/{self.find(css)}/click", {})

    def text(self, css):
        return http("GET", f"{self.url}/element/{self.find(css)}/text")["value"]

    def current(self):
        return http("GET", self.url + "/url")["value"]

    def fit_page(self):
        """Makes the window as tall as the page, so the screenshot shows all of it."""
        height = http("POST", self.url + "/execute/sync",
                      {"script": "return document.documentElement.scrollHeight", "args": []})["value"]
        http("POST", self.url + "/window/rect", {"width": 1280, "height": min(int(height) + 140, 1600)})

    def shot(self, name):
        png = base64.b64decode(http("GET", self.url + "/screenshot")["value"])
        (OUT / name).write_bytes(png)
        print(f"docs/images/{name}: {len(png) // 1024} KB")

    def quit(self):
        http("DELETE", self.url)


def main():
    for tool in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        if not os.access(tool, os.X_OK):
            sys.exit(f"{tool} is missing: apt-get install chromium chromium-driver")
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="talon-shots-"))
    env = dict(os.environ, PANEL_ADMIN_PASSWORD=PASSWORD)
    panel = ["./panel"]
    cli = lambda *args: subprocess.run(panel + list(args) + ["--data", str(work / "data")], cwd=ROOT, env=env,
                                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = driver = browser = None
    try:
        server = subprocess.Popen(panel + ["serve", "--port", str(PORT), "--data", str(work / "data")], cwd=ROOT, env=env,
                                  stdout=open(work / "panel.log", "w"), stderr=subprocess.STDOUT)
        wait_until(lambda: server.poll() is None and urllib.request.urlopen(BASE + "/health", timeout=2).status == 200,
                   "the panel", 300, lambda: (work / "panel.log").read_text())
        cli("user:create", "--email", "alex@example.com", "--name", "Alex Rivera", "--password", "alex-password-1")
        cli("user:create", "--email", "sam@example.com", "--name", "Sam Okafor", "--password", "sam-password-1")
        cli("apikey:create", "--user", "alex@example.com", "--name", "deploy script")

        driver = subprocess.Popen(["/usr/bin/chromedriver", f"--port={DRIVER_PORT}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: http("GET", f"http://127.0.0.1:{DRIVER_PORT}/status")["value"]["ready"], "chromedriver")
        browser = Browser(work / "profile")

        browser.go("/")
        browser.shot("login.png")
        browser.type("input[name=email]", "admin@localhost")
        browser.type("input[name=password]", PASSWORD)
        browser.click("form button[type=submit]")
        wait_until(lambda: browser.current().endswith("/admin"), "the admin dashboard")
        browser.shot("admin-dashboard.png")
        browser.go("/admin/addons")
        browser.shot("addons.png")
        browser.go("/account")
        browser.fit_page()
        browser.shot("account.png")
        # The demo server made on the first start is running: its console.
        browser.go("/servers")
        browser.click("table a[href^='/server/']")
        wait_until(lambda: "Done (" in browser.text("#console"), "the demo server's console", 120)
        time.sleep(3)
        browser.shot("server-console.png")
        # The ollama-ai add-on, with no Ollama on this machine: it says so and what to do.
        browser.go("/admin/ai")
        time.sleep(2)
        browser.shot("ai-dashboard.png")
        browser.go("/admin/ai/settings")
        browser.fit_page()
        browser.shot("ai-settings.png")
    finally:
        if browser:
            browser.quit()
        for proc in (driver, server):
            if proc:
                proc.terminate()
                proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
