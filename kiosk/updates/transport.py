"""Fetching update files over HTTP(S) or from a folder (a USB drive), with byte ranges for resuming.

Both are ngclient fetchers (metadata and transfer manifests go through python-tuf, which enforces
their lengths) and also fetch blobs with `fetch_from`, which the updater cuts at the declared length.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import requests
from tuf.api.exceptions import DownloadError, DownloadHTTPError
from tuf.ngclient import FetcherInterface

READ_SIZE = 4 * 1024  # small pieces: a cut download keeps what came (resumed by Range)


class HttpFetcher(FetcherInterface):
    """requests-based: the kiosk's own CA bundle and timeouts, as the sync client uses."""

    def __init__(
        self, *, verify: bool | str = True, connect_timeout_s: float = 5.0, read_timeout_s: float = 30.0
    ) -> None:
        self._session = requests.Session()
        self._verify = verify
        self._timeout = (connect_timeout_s, read_timeout_s)

    def _get(self, url: str, headers: dict[str, str]) -> requests.Response:
        try:
            response = self._session.get(
                url, stream=True, timeout=self._timeout, verify=self._verify, headers=headers
            )
        except requests.RequestException as exc:
            raise DownloadError(f"下载失败 {url}: {exc} (download failed)") from exc
        if response.status_code not in (200, 206):
            response.close()
            raise DownloadHTTPError(f"HTTP {response.status_code} for {url}", response.status_code)
        return response

    def _fetch(self, url: str) -> Iterator[bytes]:
        return self._iterate(self._get(url, {}))

    def fetch_from(self, url: str, offset: int) -> tuple[Iterator[bytes], bool]:
        """The file from byte `offset` on; the flag says whether the server honoured the range
        (False: the whole file comes back and the caller starts over)."""
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        response = self._get(url, headers)
        return self._iterate(response), bool(offset) and response.status_code == 206

    @staticmethod
    def _iterate(response: requests.Response) -> Iterator[bytes]:
        try:
            yield from response.iter_content(READ_SIZE)
        except requests.RequestException as exc:
            raise DownloadError(f"下载中断: {exc} (download interrupted)") from exc
        finally:
            response.close()


class FolderFetcher(FetcherInterface):
    """file:// URLs (a repository copy on a removable drive, or in tests)."""

    @staticmethod
    def _path(url: str) -> Path:
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise DownloadError(f"只能读取本地文件: {url} (not a file URL)")
        return Path(unquote(parsed.path))

    def _fetch(self, url: str) -> Iterator[bytes]:
        return self.fetch_from(url, 0)[0]

    def fetch_from(self, url: str, offset: int) -> tuple[Iterator[bytes], bool]:
        path = self._path(url)
        if not path.is_file():
            raise DownloadHTTPError(f"not found: {path}", 404)
        return self._read(path, offset), True

    @staticmethod
    def _read(path: Path, offset: int) -> Iterator[bytes]:
        with path.open("rb") as handle:
            handle.seek(offset)
            yield from iter(lambda: handle.read(READ_SIZE), b"")


def folder_url(path: Path) -> str:
    return path.resolve().as_uri() + "/"
