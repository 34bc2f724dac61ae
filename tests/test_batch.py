"""Batch screening end to end: `proscreen screen-file` / `compare-file` on a store of the real UN list."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proscreen.batch import RowError, parse_column_map, read_queries, screen_file
from proscreen.cli import app
from proscreen.exceptions import InputError
from proscreen.model import Query

runner = CliRunner()
EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
FLAT_HEADER = ["row", "id", "query_name", "rank", "entity_id", "listed_name", "schema", "source", "programs"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Iterator[str]:
    """A SQLite store holding the UN list, imported with the CLI; index files in a temporary data dir."""
    root = tmp_path_factory.mktemp("batch")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PROSCREEN_DATA_DIR", str(root / "data"))
        url = f"sqlite:///{root / 'un.db'}"
        result = runner.invoke(app, ["--db", url, "lists", "import", str(lists_dir / "un/consolidated.xml")])
        assert result.exit_code == 0, result.stderr
        yield url


@pytest.fixture(autouse=True)
def data_dir(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "store" in request.fixturenames:
        store_url = request.getfixturevalue("store")
        monkeypatch.setenv("PROSCREEN_DATA_DIR", str(Path(store_url.removeprefix("sqlite:///")).parent / "data"))
    else:
        monkeypatch.setenv("PROSCREEN_DATA_DIR", str(tmp_path / "data"))


def run(url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", url, *args])
    return result.exit_code, result.stdout, result.stderr


def treated(n: int, tmp_path: Path, name: str = "queries.jsonl") -> tuple[Path, list[dict[str, object]]]:
    """The first ``n`` queries of the UN evaluation set (with their "expected" key) as a JSON lines file."""
    lines = (EVAL / "search_un_treated.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, [json.loads(line) for line in lines]


def jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- screening files --------------------------------------------------------------


def test_jsonl_puts_the_expected_un_entity_first(store: str, tmp_path: Path) -> None:
    queries, rows = treated(6, tmp_path)
    out = tmp_path / "out.jsonl"
    code, stdout, err = run(store, "screen-file", str(queries), "--output", str(out), "--workers", "1", "--limit", "3")
    assert code == 0, err
    assert "6 rows" in stdout and "rows/s" in stdout
    results = jsonl(out)
    assert [r["id"] for r in results] == [r["id"] for r in rows]
    for result, row in zip(results, rows, strict=True):
        expected = row["expected"][0]  # type: ignore[index]
        matches = result["matches"]
        assert isinstance(matches, list) and 1 <= len(matches) <= 3
        assert matches[0]["entity_id"] == f"un:{expected['source_id']}", result["id"]
        assert {"entity_id", "source", "source_id", "name", "score", "match", "explanation"} <= set(matches[0])
        assert matches[0]["match"] is True and matches[0]["explanation"]
        scores = [m["score"] for m in matches]
        assert scores == sorted(scores, reverse=True)


def test_two_workers_write_what_one_worker_writes(store: str, tmp_path: Path) -> None:
    queries, _ = treated(40, tmp_path)  # chunks of 16 and 24: both workers get one
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run(store, "screen-file", str(queries), "-o", str(one), "--workers", "1")[0] == 0
    code, stdout, err = run(store, "screen-file", str(queries), "-o", str(two), "--workers", "2", "--json")
    assert code == 0, err
    summary = json.loads(stdout)
    assert (summary["rows"], summary["workers"], summary["errors"]) == (40, 2, 0)
    assert two.read_bytes() == one.read_bytes()


def test_csv_input_to_csv_and_xlsx_outputs(store: str, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    source = write_csv(
        tmp_path / "parties.csv",
        [
            ["id", "name", "schema", "birth_date", "countries"],
            ["c1", "SALEK, ABDULHAI", "Person", "1965", "af"],
            ["", "Nobody Inparticular Zzyzx", "", "", ""],  # no id: its row number; no match
            ["c3", "KO TAE HUN", "Person", "1972-05-25", "kp; cn"],
        ],
    )
    out_csv, out_xlsx = tmp_path / "out.csv", tmp_path / "out.xlsx"
    assert run(store, "screen-file", str(source), "-o", str(out_csv), "--workers", "1", "--limit", "2")[0] == 0
    rows = read_csv(out_csv)
    assert list(rows[0])[: len(FLAT_HEADER)] == FLAT_HEADER
    assert {"score", "match", "explanation", "error"} <= set(rows[0])
    first = {r["id"]: r for r in rows if r["rank"] in ("1", "")}
    assert first["c1"]["entity_id"] == "un:TAi.108" and first["c1"]["match"] == "true"
    assert first["c3"]["entity_id"] == "un:KPi.025" and first["c3"]["query_name"] == "KO TAE HUN"
    assert "name" in first["c1"]["explanation"]
    assert [r["entity_id"] for r in rows if r["id"] == "2"] in ([""], [])  # a row for the party without a match
    assert all(len([r for r in rows if r["id"] == i]) <= 2 for i in ("c1", "2", "c3"))
    assert not (tmp_path / "out.csv.progress.jsonl").exists()

    assert run(store, "screen-file", str(source), "-o", str(out_xlsx), "--workers", "1", "--limit", "2")[0] == 0
    book = openpyxl.load_workbook(out_xlsx, read_only=True)
    sheet = [
        ["" if v is None else v for v in row] + [""] * 14 for row in book.worksheets[0].iter_rows(values_only=True)
    ]
    book.close()
    assert list(sheet[0][: len(FLAT_HEADER)]) == FLAT_HEADER
    assert [(str(r[1]), r[4]) for r in sheet[1:]] == [(r["id"], r["entity_id"]) for r in rows]


def test_xlsx_input_with_a_column_map_and_a_sheet(store: str, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "notes"
    ws = book.create_sheet("clients")
    ws.append(["Ref", "Company", "Country"])
    ws.append([101, "=KO TAE HUN", "kp"])  # a leading "=" stays text, never a formula
    ws.append([102, "SALEK, ABDULHAI", "af"])
    source = tmp_path / "clients.xlsx"
    book.save(source)
    out = tmp_path / "out.jsonl"
    code, _, err = run(
        store, "screen-file", str(source), "-o", str(out), "--workers", "1",
        "--column-map", "name=Company,id=Ref", "--sheet", "clients",
    )  # fmt: skip
    assert code == 0, err
    results = jsonl(out)
    assert [r["id"] for r in results] == ["101", "102"]
    assert results[1]["matches"][0]["entity_id"] == "un:TAi.108"  # type: ignore[index]

    code, _, err = run(store, "screen-file", str(source), "-o", str(out), "--sheet", "nope")
    assert code == 1 and "no sheet 'nope'" in err and "clients" in err


def test_broken_rows_become_errors_and_the_others_are_screened(store: str, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "bad.csv",
        [
            ["id", "name", "birth_date", "countries"],
            ["ok1", "SALEK, ABDULHAI", "1965", "af"],
            ["empty", "", "", ""],
            ["short", "A", "", ""],
            ["long", "Ab " * 3400, "", ""],
            ["control", "\x01\x02\x03", "", ""],
            ["baddate", "JANAN AGHA", "12/05/1958", ""],
            ["badcountry", "JANAN AGHA", "", "zz"],
            ["extra", "JANAN AGHA", "", "", "surplus"],
            ["ok2", "KO TAE HUN", "1972-05-25", "kp"],
        ],
    )
    out = tmp_path / "out.jsonl"
    code, stdout, err = run(store, "screen-file", str(source), "-o", str(out), "--workers", "1", "--json")
    assert code == 0, err
    assert json.loads(stdout)["errors"] == 7
    results = {r["id"]: r for r in jsonl(out)}
    assert list(results) == ["ok1", "empty", "short", "long", "control", "baddate", "badcountry", "extra", "ok2"]
    assert results["ok1"]["matches"][0]["entity_id"] == "un:TAi.108"  # type: ignore[index]
    assert results["ok2"]["matches"][0]["entity_id"] == "un:KPi.025"  # type: ignore[index]
    errors = {k: str(v["error"]) for k, v in results.items() if "error" in v}
    assert errors["empty"].startswith("row 2, field name: ")
    assert errors["short"].startswith("row 3, field name: ")
    assert errors["long"].startswith("row 4, field name: ") and len(errors["long"]) < 200
    assert errors["control"].startswith("row 5, field name: ")
    assert errors["baddate"].startswith("row 6, field birth_date: ")
    assert errors["badcountry"].startswith("row 7, field countries: ")
    assert errors["extra"].startswith("row 8: ") and "header has 4 columns" in errors["extra"]


def test_broken_json_lines_become_errors(store: str, tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text(
        '{"id": "a", "query": {"name": "SALEK, ABDULHAI", "countries": ["af"]}}\n'
        "{not json\n"
        "\n"
        '{"id": 7, "query": {"name": 12}}\n'
        '{"query": {"name": "KO TAE HUN", "countries": "kp"}, "expected": []}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert run(store, "screen-file", str(source), "-o", str(out), "--workers", "1")[0] == 0
    results = jsonl(out)
    assert [r["id"] for r in results] == ["a", "2", "7", "5"]  # ids default to the line number
    assert str(results[1]["error"]).startswith("row 2: not valid JSON")
    assert str(results[2]["error"]).startswith("row 4, field name: expected text")
    assert results[3]["matches"][0]["entity_id"] == "un:KPi.025"  # type: ignore[index]


def test_a_header_without_a_name_column_fails_before_screening(store: str, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "wrong.csv", [["company", "country"], ["ACME", "us"]])
    out = tmp_path / "out.jsonl"
    code, _, err = run(store, "screen-file", str(source), "-o", str(out))
    assert code == 1
    assert "wrong.csv" in err and "no name column" in err and "'company', 'country'" in err
    assert "Traceback" not in err and not out.exists()
    code, _, err = run(store, "screen-file", str(source), "-o", str(out), "--column-map", "name=Firm")
    assert code == 1 and "no column 'Firm'" in err
    code, _, err = run(store, "screen-file", str(source), "-o", str(tmp_path / "out.pdf"))
    assert code == 1 and "cannot write .pdf" in err


def test_resume_keeps_the_done_rows_and_appends_the_rest(store: str, tmp_path: Path) -> None:
    queries, _ = treated(12, tmp_path)
    full, partial = tmp_path / "full.jsonl", tmp_path / "partial.jsonl"
    assert run(store, "screen-file", str(queries), "-o", str(full), "--workers", "1")[0] == 0
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    # three complete rows (the first one altered: a re-screen would restore it), then a torn line
    tampered = json.dumps({"id": json.loads(lines[0])["id"], "matches": []}) + "\n"
    partial.write_text(tampered + "".join(lines[1:3]) + lines[3][:40], encoding="utf-8")
    code, stdout, err = run(store, "screen-file", str(queries), "-o", str(partial), "--resume", "--json")
    assert code == 0, err
    summary = json.loads(stdout)
    assert (summary["resumed"], summary["rows"]) == (3, 9)
    assert partial.read_text(encoding="utf-8") == tampered + "".join(lines[1:])

    other, _ = treated(12, tmp_path, "other.jsonl")
    other.write_text(other.read_text(encoding="utf-8").replace("b1-un-0001", "zz"), encoding="utf-8")
    code, _, err = run(store, "screen-file", str(other), "-o", str(partial), "--resume")
    assert code == 1 and "cannot resume" in err and "--no-resume" in err


def test_an_interrupted_csv_run_resumes_from_its_sidecar(store: str, tmp_path: Path) -> None:
    queries, _ = treated(40, tmp_path)
    fresh, resumed = tmp_path / "fresh.csv", tmp_path / "resumed.csv"
    screen_file(queries, fresh, workers=1, db_url=store)

    def interrupt(done: int, total: int | None) -> None:
        assert total == 40
        if done >= 16:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        screen_file(queries, resumed, workers=1, db_url=store, progress=interrupt)
    sidecar = tmp_path / "resumed.csv.progress.jsonl"
    assert not resumed.exists() and len(sidecar.read_text(encoding="utf-8").splitlines()) == 16
    summary = screen_file(queries, resumed, workers=2, db_url=store, resume=True)
    assert (summary.resumed, summary.rows) == (16, 24)
    assert resumed.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8")
    assert not sidecar.exists()


def test_no_lists_in_the_store_is_a_clear_error(tmp_path: Path) -> None:
    queries, _ = treated(2, tmp_path)
    code, _, err = run(
        f"sqlite:///{tmp_path / 'empty.db'}", "screen-file", str(queries), "-o", str(tmp_path / "o.jsonl")
    )
    assert code == 1 and "no lists to screen against" in err


# --- comparing pairs --------------------------------------------------------------


def test_compare_file_scores_the_name_bench_pairs(tmp_path: Path) -> None:
    lines = (EVAL / "name_bench_cases.csv").read_text(encoding="utf-8").splitlines()[:12]
    lines.append("nk_checks,Person,,Olaf Scholz,false,WEAK,,empty name")
    source = tmp_path / "pairs.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "scored.csv"
    code, stdout, err = run("sqlite://", "compare-file", str(source), "--output", str(out), "--json")
    assert code == 0, err
    summary = json.loads(stdout)
    assert summary["rows"] == 12 and len(summary["errors"]) == 1 and "row 12, field name" in summary["errors"][0]
    rows = read_csv(out)
    assert list(rows[0]) == [*lines[0].split(","), "score", "match"]
    assert [r["name1"] for r in rows] == [line.split(",")[2] for line in lines[1:]]
    for row in rows[:11]:
        assert 0.0 <= float(row["score"]) <= 1.0 and row["match"] in ("true", "false")
        assert row["is_match"] in ("true", "false") and row["quality"]  # the other columns are kept
    same = next(r for r in rows if r["name1"] == r["name2"])
    assert same["match"] == "true" and float(same["score"]) > 0.9
    assert (rows[-1]["score"], rows[-1]["match"]) == ("", "")


def test_compare_file_with_dates_and_a_wrong_header(tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "pairs.csv",
        [
            ["schema", "name1", "name2", "dob1", "dob2", "countries1", "countries2"],
            ["Person", "Ko Tae Hun", "KO TAE HUN", "1972-05-25", "1972-05-25", "kp", "kp"],
            ["Person", "Ko Tae Hun", "KO TAE HUN", "1972-05-25", "1990-01-01", "kp", "kp"],
        ],
    )
    out = tmp_path / "scored.csv"
    assert run("sqlite://", "compare-file", str(source), "-o", str(out))[0] == 0
    agree, differ = read_csv(out)
    assert float(agree["score"]) > float(differ["score"])
    bad = write_csv(tmp_path / "bad.csv", [["left", "right"], ["a", "b"]])
    code, _, err = run("sqlite://", "compare-file", str(bad), "-o", str(out))
    assert code == 1 and "no name1 or name2 column" in err and "'left', 'right'" in err


# --- reading (no store) -------------------------------------------------------------


def test_read_queries_maps_columns_and_numbers_rows(tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "in.csv",
        [
            ["Ref", "Firm Name", "DOB", "Country", "Type"],
            ["", "Acme Trading", "", "pk;AE", "Company"],
            ["r2", "Jane Roe", "1970-01", "", ""],
        ],
    )
    rows = list(read_queries(source, parse_column_map(["name=firm name,id=Ref"])))
    assert rows == [
        (1, "1", Query("Acme Trading", "Company", None, ("pk", "AE"), (), id="1")),
        (2, "r2", Query("Jane Roe", "Thing", "1970-01", (), (), id="r2")),
    ]
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text("name;countries\nAcme;pk, ae\n", encoding="utf-8")
    ((_, _, query),) = read_queries(semicolons)
    assert isinstance(query, Query) and query.countries == ("pk", "ae")
    with pytest.raises(InputError, match="unknown field 'nom'"):
        parse_column_map(["nom=Name"])


def test_read_queries_reports_unreadable_records(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('name,id\nGood One,1\n"' + "x" * 200_000 + '",2\nGood Two,3\n', encoding="utf-8")
    rows = list(read_queries(source))
    assert [r[0] for r in rows] == [1, 2, 3]
    assert isinstance(rows[1][2], RowError) and "field larger than field limit" in str(rows[1][2])
    assert isinstance(rows[2][2], Query) and rows[2][2].name == "Good Two"
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("name\nJos\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_queries(latin1))
