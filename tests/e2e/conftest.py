import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def built_dist():
    index = harness.DIST / "index.html"
    assert index.exists(), f"{index} is missing: build the console first (scripts/test.sh does: trunk build --release)"
    return harness.DIST


@pytest.fixture()
def server():
    with harness.RecordingServer() as s:
        yield s


@pytest.fixture()
def downloads(tmp_path):
    d = tmp_path / "downloads"
    d.mkdir()
    return d


@pytest.fixture()
def driver(downloads):
    with harness.chromium(download_dir=downloads) as d:
        yield d
