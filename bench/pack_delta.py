"""Delta updates: bytes moved and time for a one-guide change, on the default pack and on a
synthetic 200 MB pack (python -m bench.pack_delta [--synthetic-mb 200]).

Both versions are built for real (the default pack with `build_pack` from a copy of
assets/content, one guide's summary edited), signed into a repository, served by a plain HTTP
server on loopback; a kiosk that has the old version fetches the new one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

from securesystemslib.signer import CryptoSigner

from kiosk.content.installer import InstalledPack, install_pack
from kiosk.content.pack import CONTENT_DIR, build_pack
from kiosk.search.segment import Segmenter
from kiosk.updates.chunkstore import ChunkStore
from kiosk.updates.client import PackUpdater
from kiosk.updates.repository import ChannelPointer, init_repository
from kiosk.updates.signing import sign_pack
from kiosk.updates.transport import HttpFetcher
from kiosk.updates.trust import pin_root
from tests.kiosk.updates.fleet import rewrite_manifest, serve, write_pack_json

GUIDE = "guides/consumer/online-return.toml"


def _edit_guide(content: Path) -> None:
    path = content / GUIDE
    text = path.read_text(encoding="utf-8")
    marker = 'summary = "'
    at = text.index(marker) + len(marker)
    path.write_text(text[:at] + "收到货当天不算在7天内。" + text[at:], encoding="utf-8")


def _synthetic(base: Path, out: Path, megabytes: int, rng: random.Random) -> None:
    """The default pack plus a big content.json (random Chinese guides) up to `megabytes`."""
    shutil.copytree(base, out)
    content = json.loads((out / "content.json").read_text(encoding="utf-8"))
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    template = content["guides"][0]
    size, n = (out / "content.json").stat().st_size, 0
    while size < megabytes * 1_000_000:
        guide = dict(template, id=f"synthetic-{n}", summary="".join(rng.choices(alphabet, k=20_000)))
        content["guides"].append(guide)
        size += 60_100
        n += 1
    write_pack_json(out / "content.json", content)
    rewrite_manifest(out, 1)


def _change_one_guide(source: Path, out: Path, version: int) -> None:
    shutil.copytree(source, out)
    content = json.loads((out / "content.json").read_text(encoding="utf-8"))
    middle = content["guides"][len(content["guides"]) // 2]
    middle["summary"] = "收到货当天不算在7天内。" + middle["summary"]
    write_pack_json(out / "content.json", content)
    rewrite_manifest(out, version)


def _pack_bytes(pack: Path) -> int:
    return sum(f["bytes"] for f in json.loads((pack / "manifest.json").read_text("utf-8"))["files"])


def _whole_files_changed(old: Path, new: Path) -> int:
    """What a per-file (not per-chunk) delta would move."""
    files = json.loads((new / "manifest.json").read_text("utf-8"))["files"]
    before = {f["path"]: f["sha256"] for f in json.loads((old / "manifest.json").read_text("utf-8"))["files"]}
    return sum(f["bytes"] for f in files if before.get(f["path"]) != f["sha256"])


def _repo(work: Path, old: Path, new: Path) -> tuple[Path, dict[str, float]]:
    keys = [CryptoSigner.generate_ed25519() for _ in range(4)]
    root, targets, publisher, online = keys
    repo = init_repository(work / "repo", root_signers=[root], targets_signer=targets,
                           publisher_keys=[publisher.public_key], online=online)  # fmt: skip
    times = {}
    for label, pack in (("old", old), ("new", new)):
        started = time.perf_counter()
        bundle = sign_pack(
            pack, signer=publisher, out_dir=work / f"bundle-{label}", current_packs=repo.packs_json()
        )
        times[f"sign_{label}_s"] = time.perf_counter() - started
        repo.add_packs(bundle.path, online)
        repo.set_channel("stable", ChannelPointer(bundle.transfer.pack_id, bundle.transfer.version), online)
    return repo.path, times


def default_pack(work: Path) -> dict[str, float]:
    content = work / "content"
    shutil.copytree(CONTENT_DIR, content)
    started = time.perf_counter()
    build_pack(content_dir=content, out_dir=work / "v1", version=1)
    build_s = time.perf_counter() - started
    _edit_guide(content)
    build_pack(content_dir=content, out_dir=work / "v2", version=2)
    repo, times = _repo(work, work / "v1", work / "v2")
    segmenter = Segmenter()
    data_dir = work / "kiosk"
    install_pack(work / "v1", data_dir=data_dir, segmenter=segmenter)
    pin_root(data_dir, (repo / "metadata" / "1.root.json").read_bytes())
    with serve(repo) as url:
        updater = PackUpdater(data_dir, base_url=url, segmenter=segmenter)
        started = time.perf_counter()
        status = updater.check()
        check_s = time.perf_counter() - started
    assert status.last_result == "installed", status.last_error
    assert updater.last_fetch is not None
    return {
        "pack_bytes": _pack_bytes(work / "v2"),
        "moved_bytes": updater.last_fetch.bytes_fetched,
        "chunks_fetched": updater.last_fetch.chunks_fetched,
        "chunks": updater.last_fetch.chunks_needed,
        "whole_files_bytes": _whole_files_changed(work / "v1", work / "v2"),
        "build_s": build_s,
        "check_s": check_s,
        **{f"kiosk_{k}_s": v for k, v in updater.timings.items()},
        **times,
    }


def synthetic(work: Path, megabytes: int) -> dict[str, float]:
    from kiosk.content.pack import DEFAULT_PACK_DIR

    _synthetic(DEFAULT_PACK_DIR, work / "s1", megabytes, random.Random(7))
    _change_one_guide(work / "s1", work / "s2", 2)
    repo, times = _repo(work, work / "s1", work / "s2")
    # The kiosk side without the search index and health check (content-dependent, not transfer):
    # find local chunks in the installed v1, fetch what is missing, assemble and verify v2.
    store = ChunkStore(work / "kiosk-updates")
    from kiosk.updates.chunks import parse_transfer_manifest

    transfer = parse_transfer_manifest((work / "bundle-new" / "manifest.json").read_bytes())
    with serve(repo) as url:
        started = time.perf_counter()
        local = store.local_chunks(InstalledPack("default", 1, work / "s1"))
        local_s = time.perf_counter() - started
        started = time.perf_counter()
        report = store.fetch_missing(transfer, base_url=url, fetcher=HttpFetcher(), local=local)
        fetch_s = time.perf_counter() - started
    started = time.perf_counter()
    folder = store.assemble(transfer, local)
    assemble_s = time.perf_counter() - started
    digest = hashlib.sha256((folder / "content.json").read_bytes()).hexdigest()
    assert digest == hashlib.sha256((work / "s2" / "content.json").read_bytes()).hexdigest()
    return {
        "pack_bytes": _pack_bytes(work / "s2"),
        "moved_bytes": report.bytes_fetched,
        "chunks_fetched": report.chunks_fetched,
        "chunks": report.chunks_needed,
        "whole_files_bytes": _whole_files_changed(work / "s1", work / "s2"),
        "local_index_s": local_s,
        "fetch_s": fetch_s,
        "assemble_verify_s": assemble_s,
        **times,
    }


def _table(name: str, figures: dict[str, float]) -> None:
    share = 100 * figures["moved_bytes"] / figures["pack_bytes"]
    print(f"\n### {name}\n\n| figure | value |\n|---|---|")
    print(f"| pack size | {figures['pack_bytes'] / 1e6:.1f} MB |")
    print(
        f"| bytes moved for a one-guide change | {figures['moved_bytes']:,} B ({share:.3f} % of the pack) |"
    )
    print(f"| chunks fetched / in the pack | {figures['chunks_fetched']:.0f} / {figures['chunks']:.0f} |")
    print(f"| a per-file delta would move | {figures['whole_files_bytes'] / 1e6:.2f} MB |")
    for key, value in figures.items():
        if key.endswith("_s"):
            print(f"| {key[:-2].replace('_', ' ')} | {value:.2f} s |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic-mb", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pack-delta-") as tmp:
        work = Path(tmp)
        (work / "default").mkdir()
        _table("Default pack (assets/content, one guide's summary edited)", default_pack(work / "default"))
        (work / "synthetic").mkdir()
        _table(f"Synthetic {args.synthetic_mb} MB pack (one guide of many edited)",
               synthetic(work / "synthetic", args.synthetic_mb))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
