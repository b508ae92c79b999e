#!/usr/bin/env python3
"""How soon a 突合表 HTML report is usable in a browser (issue 19): headless Chromium opens the
report from file://, and this measures, from the start of the navigation,

  first rows   the first row of the 突合表 is in the page (server-rendered HTML)
  ready        the report's script has read its data and rendered the first page
  search       a word typed into the search box has been answered (the row count changed)

through the DevTools protocol over a pipe (`--remote-debugging-pipe`: no network port, no
Python package beyond the standard library). A benchmark, not a test: run it by hand or from
`make bench`; it prints one line per report and, with --json, the figures as JSON.

usage: html_probe.py [--json] [--word WORD] [--timeout SECONDS] [--screenshot PNG] REPORT.html ...
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, chromium, timeout):
        self.profile = tempfile.mkdtemp(prefix="totsugo-probe-")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4 (the shell moves them there).
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                   "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "--window-size=1400,1000", "about:blank"]
        self.process = subprocess.Popen(
            ["/bin/sh", "-c", f'exec "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}', "sh"] + command,
            pass_fds=(to_chrome_r, from_chrome_w), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.timeout = timeout
        self.session = None

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            while b"\0" not in self.buffer:
                if time.monotonic() > deadline:
                    raise TimeoutError(method)
                chunk = os.read(self.from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result.get("result", {}).get("value")

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def wait_for(browser, expression, deadline, step=0.02):
    while time.monotonic() < deadline:
        try:
            value = browser.evaluate(expression)
        except (RuntimeError, TimeoutError):
            value = None
        if value:
            return value
        time.sleep(step)
    return None


def probe(chromium, path, word, timeout, screenshot):
    browser = Browser(chromium, timeout)
    try:
        browser.open_page()
        url = "file://" + os.path.abspath(path)
        start = time.monotonic()
        deadline = start + timeout
        browser.send("Page.navigate", {"url": url})
        first = wait_for(browser, "!!document.querySelector('#xref tbody tr td')", deadline)
        t_first = time.monotonic() - start if first else None
        ready = wait_for(browser, "document.documentElement.getAttribute('data-report') === 'ready' || "
                                  "(document.readyState === 'complete' && !!document.getElementById('count') && "
                                  "document.querySelectorAll('script.report-data-z, #report-data').length === 0)", deadline)
        t_ready = time.monotonic() - start if ready else None
        before = browser.evaluate("(document.getElementById('count') || {}).textContent")
        t_search, after = None, None
        if ready:
            sent = time.monotonic()
            browser.evaluate("(function () { var q = document.getElementById('q'); q.value = %s;"
                             " q.dispatchEvent(new Event('input')); })()" % json.dumps(word))
            after = wait_for(browser, "(function () { var c = document.getElementById('count').textContent;"
                                      " return c !== %s ? c : null; })()" % json.dumps(before), deadline, step=0.01)
            if after:
                t_search = time.monotonic() - start
                search_only = time.monotonic() - sent
        rows = browser.evaluate("document.querySelectorAll('#xref tbody tr').length")
        if screenshot:
            shot = browser.send("Page.captureScreenshot", {"format": "png"})
            with open(screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        return {"report": path, "bytes": os.path.getsize(path), "first_rows_s": t_first, "ready_s": t_ready,
                "search_answered_s": t_search, "search_only_s": search_only if t_search else None,
                "rows_rendered": rows, "count_before": before, "count_after": after, "word": word}
    finally:
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("reports", nargs="+")
    parser.add_argument("--word", default="テレワーク")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--screenshot")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        raise SystemExit("chromium not found (Debian: apt-get install chromium)")
    results = []
    for path in args.reports:
        r = probe(chromium, path, args.word, args.timeout, args.screenshot)
        results.append(r)
        f = lambda v: "—" if v is None else f"{v:.2f} s"
        print(f"{os.path.basename(path)} ({r['bytes'] / 1e6:.1f} MB): first rows {f(r['first_rows_s'])}, "
              f"ready {f(r['ready_s'])}, search '{args.word}' answered {f(r['search_answered_s'])} "
              f"({r['count_before']} → {r['count_after']})", file=sys.stderr)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        print()
    return 0 if all(r["search_answered_s"] is not None for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
