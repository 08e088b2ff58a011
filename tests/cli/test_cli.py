"""The CLI's boundary: errors as one line with their code, messages printed as text, never as markup."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newsgraph.cli.main import app

runner = CliRunner()


def test_missing_database_is_one_line_with_its_code(tmp_path: Path) -> None:
    result = runner.invoke(app, ["articles", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 4
    assert "[store]" in result.output and "no database here yet" in result.output
    assert "Traceback" not in result.output


def test_paths_with_brackets_are_printed_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "a[" / "x]"
    folder.mkdir(parents=True)
    (folder / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(tmp_path / "a["), "--db", str(tmp_path / "t.duckdb"), "-q"])
    assert result.exit_code == 2, result.output  # nothing could be read
    assert "empty.txt" in result.output and "empty file" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_date_filter_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["events", "--since", "yesterday-ish", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
    assert "not a date" in result.output
