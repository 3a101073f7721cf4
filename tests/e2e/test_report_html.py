#!/usr/bin/env python3
"""The HTML pre-upgrade report in a real browser: headless Chromium (driven by chromedriver over
the WebDriver protocol) loads the self-contained file with the network cut off, the browser
console must stay free of errors, the inline SVG timeline must render, and the screenshot must
not be blank. Needs the Debian packages chromium and chromium-driver; exits 77 (skipped) when
they are absent."""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

SRC = os.environ.get("GREENLIGHT_SOURCE_DIR", os.getcwd())
BIN = os.path.abspath(os.environ.get("GREENLIGHT", os.path.join(SRC, "build", "greenlight")))
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,1600"]


def find(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read().decode())["value"]


def png_pixels(png):
    """(width, height, rows of RGBA/RGB bytes) of an 8-bit non-interlaced PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "screenshot is not a PNG"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if f == 1: line[i] = (line[i] + a) & 0xFF
            elif f == 2: line[i] = (line[i] + b) & 0xFF
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main():
    chromium, driver = find("chromium", "chromium-browser", "google-chrome"), find("chromedriver")
    if not chromium or not driver:
        print("SKIP: chromium and chromedriver not installed (Debian: apt-get install chromium chromium-driver)")
        return 77
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        html = os.path.join(tmp, "report.html")
        r = subprocess.run([BIN, "report", "--from", "1.22", "--to", "1.25", "--date", "2024-03-01",
                            "--format", "html", "--output", html, "testdata/gitops-sample"],
                           capture_output=True, text=True, cwd=SRC)
        if r.returncode != 0:
            print(f"FAIL: greenlight report exited {r.returncode}: {r.stderr}")
            print("0 passed, 1 failed")
            return 1
        text = open(html, encoding="utf-8").read()
        for marker in ["http://", "https://"]:
            # Links are allowed in text; assets (src=/href= to stylesheets or scripts) are not.
            if f'src="{marker}' in text or f'<link rel="stylesheet" href="{marker}' in text:
                failures.append(f"external asset reference {marker}")
        port = free_port()
        proc = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    call(port, "GET", "/status")
                    break
                except OSError:
                    time.sleep(0.1)
            caps = {"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {"binary": chromium,
                                       "args": CHROME_FLAGS + [f"--user-data-dir={os.path.join(tmp, 'profile')}"]},
                "goog:loggingPrefs": {"browser": "ALL"}}}}
            session = call(port, "POST", "/session", caps)["sessionId"]
            try:
                call(port, "POST", f"/session/{session}/url", {"url": "file://" + html})
                logs = call(port, "POST", f"/session/{session}/se/log", {"type": "browser"})
                errors = [l for l in logs if l.get("level") == "SEVERE"]
                if errors:
                    failures.append(f"console errors: {errors}")
                rects = call(port, "POST", f"/session/{session}/execute/sync", {
                    "script": "const s=document.querySelector('svg'); if(!s) return null;"
                              "const r=s.getBoundingClientRect(); return [r.width, r.height, s.querySelectorAll('rect').length];",
                    "args": []})
                if not rects or rects[0] < 100 or rects[1] < 50 or rects[2] < 5:
                    failures.append(f"SVG timeline did not render: {rects}")
                png = base64.b64decode(call(port, "GET", f"/session/{session}/screenshot"))
                width, height, channels, rows = png_pixels(png)
                colours = set()
                for row in rows[::8]:
                    for x in range(0, width * channels, channels * 8):
                        colours.add(row[x:x + 3])
                dark = sum(1 for c in colours if sum(c) < 200)
                if len(colours) < 10 or dark == 0:
                    failures.append(f"screenshot looks blank: {len(colours)} colours, {dark} dark")
            finally:
                call(port, "DELETE", f"/session/{session}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    for f in failures:
        print("FAIL:", f)
    passed = 0 if failures else 1
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
