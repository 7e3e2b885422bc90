"""What WeasyPrint may read while it prints: files inside the templates folders (the shipped one and a
province's --templates folder) and `data:` URLs. Nothing else: no other local file (`file:///etc/passwd`
in an `<img>`, a `<link rel="attachment">`, a stylesheet or a font), no network (`http:`, `ftp:`).

A template that asks for anything else is refused as a whole (nothing is printed), naming the address it
asked for: printing it without the resource would hide a mistake, or an attempt, from the province.
A file that is not there, inside the folders, is only missing (WeasyPrint prints without it).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from engine.documents.render import TEMPLATES_DIR, TemplateFailure

MAX_RESOURCE_BYTES = 20_000_000


class ResourceRefused(TemplateFailure):
    """A template asked WeasyPrint for something outside the templates folders."""


class FolderFetcher(URLFetcher):
    """Serves `data:` URLs and regular files inside `folders` (a province's first); refuses and notes the rest.

    Relative addresses resolve against the shipped folder (WeasyPrint's base URL): the same path in a
    province's folder is served first, as its templates are."""

    def __init__(self, folders: Sequence[Path]):
        super().__init__(timeout=5, allowed_protocols=("data",), allow_redirects=False)
        self.folders = [Path(f) for f in folders]
        self.homes = [f.resolve() for f in self.folders]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._inside(url)
            if path is not None:
                return self._read(url, path)
        self.refused.append(url)
        raise PermissionError("địa chỉ ngoài thư mục mẫu")

    def _inside(self, url: str) -> Path | None:
        """The file a `file:` URL names, if it is a regular file inside the folders; None if it is elsewhere.
        FileNotFoundError if it would be inside but is not there."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path))
        candidates = [path]
        if path.is_relative_to(TEMPLATES_DIR):  # relative addresses: a province's file of that name first
            rel = path.relative_to(TEMPLATES_DIR)
            candidates = [folder / rel for folder in self.folders]
        for candidate in candidates:
            if not candidate.is_symlink() and not candidate.exists():
                continue
            try:
                real = candidate.resolve(strict=True)
            except (OSError, RuntimeError):
                return None
            if any(real.is_relative_to(home) for home in self.homes) and real.is_file():
                return real
            return None  # there, but a link out of the folders, a device or a folder
        if any(path.is_relative_to(home) or path.is_relative_to(folder)
               for home, folder in zip(self.homes, self.folders, strict=True)):
            raise FileNotFoundError(url)
        return None

    @staticmethod
    def _read(url: str, path: Path) -> URLFetcherResponse:
        with path.open("rb") as handle:
            data = handle.read(MAX_RESOURCE_BYTES + 1)
        if len(data) > MAX_RESOURCE_BYTES:
            raise ValueError(f"{path}: lớn hơn {MAX_RESOURCE_BYTES} byte")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": kind})

    def check(self) -> None:
        """After printing: refuse the document if the template asked for anything outside the folders."""
        if self.refused:
            asked = ", ".join(f"“{u[:200]}”" for u in dict.fromkeys(self.refused))
            raise ResourceRefused(f"mẫu văn bản dẫn tới {asked}, ngoài thư mục mẫu; khi in chỉ dùng được tệp trong "
                                  f"thư mục mẫu ({', '.join(str(f) for f in self.folders)}) và địa chỉ data:, "
                                  "không in văn bản nào")
