"""The HTML report opened in a real headless chromium (Debian's, installed by `make test`): its charts
are drawn, nothing on it raises a script error or needs the network, and it can be captured as an image.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipelines.report import write_report
from pipelines.warehouse import Warehouse

CHARTS = 6  # 导师引航, 年轻干部, 干部夜校, 测评结果, 报送情况, 选调生
PNG = b"\x89PNG\r\n\x1a\n"


def chromium() -> str:
    """The browser's path, or skip saying why there is none."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    reason = (
        "chromium is not installed: `make test` installs Debian's chromium with apt-get, "
        "which needs root and the Debian mirror; install it with `apt-get install chromium`"
    )
    pytest.skip(reason)


def headless(*args: str) -> subprocess.CompletedProcess[str]:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--enable-logging=stderr",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)


@pytest.fixture
def page(demo_warehouse: Warehouse, tmp_path: Path) -> Path:
    return write_report(demo_warehouse, tmp_path).html


def test_the_page_draws_every_chart_without_a_script_error_or_the_network(page: Path) -> None:
    # requests to anywhere but the page itself fail, so anything fetched from the network would show
    shown = headless("--host-resolver-rules=MAP * ~NOTFOUND", "--dump-dom", page.as_uri())
    charts = re.findall(r'<svg[^>]*class="chart"', shown.stdout)
    assert len(charts) == CHARTS
    assert len(re.findall(r"<rect ", shown.stdout)) > 50 and "<path d=" in shown.stdout
    console = [line for line in shown.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == []
    assert not re.search(r'(src|href)="(https?:)?//', shown.stdout)
    assert "截至 2023-12-31" in shown.stdout and "来源文件" in shown.stdout and "拒收行" in shown.stdout


def test_the_page_prints_to_a4_and_a_screenshot_can_be_taken(page: Path, tmp_path: Path) -> None:
    pdf, png = tmp_path / "report.pdf", tmp_path / "report.png"
    headless("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    media = {
        tuple(round(float(v)) for v in box)
        for box in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    }
    assert media == {(595, 842)}  # A4 in points, every page
    headless("--hide-scrollbars", "--window-size=900,1400", f"--screenshot={png}", page.as_uri())
    image = png.read_bytes()
    assert image.startswith(PNG) and int.from_bytes(image[16:20], "big") == 900 and len(image) > 50_000
