"""The `lawpost` command: complete help for every subcommand, and the screenshot command."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from lawpost.cli import build_parser, main


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _check_help(parser: argparse.ArgumentParser, path: str) -> None:
    for option in parser._actions:
        if isinstance(option, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in option._choices_actions}
            for name, sub in option.choices.items():
                assert helps.get(name), f"`{path} {name}` has no one-line help"
                assert sub.description, f"`{path} {name}` has no description"
                _check_help(sub, f"{path} {name}")
        elif option.dest != "help":
            assert option.help, f"`{path}` option {option.dest} has no help"


def test_every_subcommand_has_help_and_description() -> None:
    _check_help(build_parser(), "lawpost")
    assert {"run", "shot", "audit", "set-pin"} <= set(_subcommands())


def test_top_level_help_runs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    assert "shot" in capsys.readouterr().out


def test_shot_list_names_home(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shot", "--list"]) == 0
    assert "home" in capsys.readouterr().out.split()


def test_shot_unknown_screen_is_a_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shot", "nowhere", "--out", "x.png"]) == 2
    assert "no screen called 'nowhere'" in capsys.readouterr().err


@pytest.mark.parametrize(("size", "elder"), [("1080x1920", False), ("1920x1080", True)])
def test_shot_writes_a_png_of_the_requested_size(tmp_path: Path, size: str, elder: bool) -> None:
    out = tmp_path / "home.png"
    args = [sys.executable, "-m", "lawpost", "shot", "home", "--out", str(out), "--size", size]
    subprocess.run([*args, *(["--elder"] if elder else [])], check=True, timeout=60,
                   capture_output=True)
    image = QImage(str(out))
    width, height = (int(v) for v in size.split("x"))
    assert (image.width(), image.height()) == (width, height)
    # Not blank: the header is the Theme's deep blue.
    header = image.pixelColor(5, 5)
    assert header.blue() > header.red() + 40


def test_bad_size_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["shot", "home", "--out", "x.png", "--size", "huge"])
    assert "1080x1920" in capsys.readouterr().err


def test_set_pin_from_stdin(tmp_path: Path) -> None:
    env_args = [sys.executable, "-m", "lawpost", "set-pin", "--stdin"]
    import os

    env = {**os.environ, "LAWPOST_DATA": str(tmp_path)}
    ok = subprocess.run(env_args, input="246813\n", text=True, env=env, capture_output=True,
                        timeout=60, check=False)
    assert ok.returncode == 0, ok.stderr
    weak = subprocess.run(env_args, input="123456\n", text=True, env=env, capture_output=True,
                          timeout=60, check=False)
    assert weak.returncode == 2
    assert "not trivial" in weak.stderr
