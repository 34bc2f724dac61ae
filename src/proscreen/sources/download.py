"""Fetch the current official files of a source from the addresses its parser module publishes."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path

from proscreen.exceptions import DownloadError, NotFoundError
from proscreen.settings import get_settings
from proscreen.sources import formats


def official_urls() -> dict[str, dict[str, str]]:
    """{source: {file name: URL}} over every format that publishes download addresses."""
    out: dict[str, dict[str, str]] = {}
    for fmt in formats():
        for source, files in fmt.urls.items():
            out.setdefault(source, {}).update(files)
    return out


def download_source(source: str, dest: Path) -> list[Path]:
    """Download every file of ``source`` into ``dest``; all or nothing."""
    urls = official_urls()
    if source not in urls:
        raise NotFoundError(f"no download address is known for {source!r}; known: {', '.join(sorted(urls))}")
    timeout = get_settings().download_timeout
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, url in urls[source].items():
        target = dest / name
        request = urllib.request.Request(url, headers={"User-Agent": "proscreen (sanctions screening)"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response, open(target, "wb") as fh:
                shutil.copyfileobj(response, fh)
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DownloadError(f"could not download {url}: {reason}. Nothing was imported.") from exc
        paths.append(target)
    return paths
