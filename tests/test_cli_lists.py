"""The `proscreen lists` / `entity` / `export` commands end to end on the real sample files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proscreen.cli import app

runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", f"sqlite:///{db}", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


def test_import_then_composite_shows_2024_12_19_designations(db: Path, lists_dir: Path) -> None:
    code, out, err = run(db, "lists", "import", str(lists_dir / "ofac/sdn_csv_2024-05-03/sdn.csv"), "--json")
    assert code == 0, err
    (first,) = json.loads(out)
    assert (first["source"], first["version"], first["entities"], first["created"]) == ("ofac-sdn", 1, 14965, True)
    code, out, err = run(db, "lists", "import", str(lists_dir / "ofac/composite_2024-12-19"), "--json")
    assert code == 0, err
    (second,) = json.loads(out)
    assert (second["version"], second["entities"], second["added"], second["removed"]) == (2, 14969, 4, 0)

    code, out, err = run(db, "lists", "diff", "ofac-sdn", "--json")
    assert code == 0, err
    diff = json.loads(out)
    added = {c["entity_id"]: c["caption"] for c in diff["added"]}
    assert added == {
        "ofac-sdn:52049": "NATIONAL DEVELOPMENT COMPLEX",
        "ofac-sdn:52051": "AKHTAR AND SONS PRIVATE LIMITED",
        "ofac-sdn:52052": "AFFILIATES INTERNATIONAL",
        "ofac-sdn:52053": "ROCKSIDE ENTERPRISE",
    }
    assert diff["removed"] == []
    # the composite adds addresses and aliases from add.csv/alt.csv: those entities are amended
    amended = {c["entity_id"]: c for c in diff["amended"]}
    assert "ofac-sdn:306" in amended  # BANCO NACIONAL DE CUBA gains its addresses
    assert any(f["field"] == "addresses" for f in amended["ofac-sdn:306"]["fields"])

    code, out, _ = run(db, "lists", "diff", "ofac-sdn", "1", "2")
    assert code == 0 and "AKHTAR AND SONS PRIVATE LIMITED" in out and "added (4)" in out

    # the same files again: no new version
    code, out, _ = run(db, "lists", "import", str(lists_dir / "ofac/composite_2024-12-19"))
    assert code == 0 and "unchanged" in out
    code, out, _ = run(db, "lists", "--json")
    assert [v["version"] for v in json.loads(out)] == [1, 2]

    code, out, _ = run(db, "entity", "ofac-sdn:52051", "--json")
    assert code == 0
    entity = json.loads(out)
    assert entity["programs"] == ["NPWMD"] and entity["listed"] is True
    assert [h["from_version"] for h in entity["history"]] == ["ofac-sdn@2"]
    code, out, _ = run(db, "entity", "ofac-sdn:52051")
    assert code == 0 and "AKHTAR AND SONS PVT LTD." in out and "0686371" in out


def test_bad_file_fails_cleanly_and_keeps_previous_version(db: Path, lists_dir: Path, tmp_path: Path) -> None:
    assert run(db, "lists", "import", str(lists_dir / "un/consolidated.xml"))[0] == 0
    bad = tmp_path / "un" / "consolidated.xml"
    bad.parent.mkdir()
    data = (lists_dir / "un/consolidated.xml").read_bytes()
    bad.write_bytes(data[: len(data) // 2])  # truncated mid-file
    code, out, err = run(db, "lists", "import", str(bad))
    assert code == 1
    assert str(bad) in err and "line" in err
    code, out, _ = run(db, "lists", "--json")
    versions = json.loads(out)
    assert [(v["source"], v["version"], v["entities"]) for v in versions] == [("un", 1, 1003)]


def test_unknown_file_is_refused(db: Path, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello\n")
    code, _, err = run(db, "lists", "import", str(junk))
    assert code == 1 and "notes.txt" in err and "not a list file" in err


def test_update_offline_fails_and_changes_nothing(db: Path, lists_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from proscreen.sources import download

    assert run(db, "lists", "import", str(lists_dir / "bis/dpl_2023-11-30.txt"))[0] == 0
    # a closed port on loopback stands in for an unreachable government server
    monkeypatch.setattr(download, "official_urls", lambda: {"bis-dpl": {"dpl.txt": "http://127.0.0.1:9/dpl.txt"}})
    monkeypatch.setenv("PROSCREEN_DOWNLOAD_TIMEOUT", "2")
    code, _, err = run(db, "lists", "update", "--source", "bis-dpl")
    assert code == 1 and "could not download http://127.0.0.1:9/dpl.txt" in err and "Nothing was imported" in err
    code, out, _ = run(db, "lists", "--json")
    assert [v["version"] for v in json.loads(out)] == [1]


def test_every_source_publishes_download_addresses() -> None:
    from proscreen.sources.download import official_urls

    urls = official_urls()
    for source in ("ofac-sdn", "ofac-nonsdn", "un", "us-csl", "bis-dpl", "uk-fcdo", "eu-fsf"):
        assert source in urls, source
        assert all(u.startswith("https://") for u in urls[source].values())


def test_zip_import_and_ftm_export(db: Path, tmp_path: Path) -> None:
    from proscreen.samples import SAMPLES

    code, out, err = run(db, "lists", "import", str(SAMPLES / "ofac-nonsdn_2025-12.zip"), "--json")
    assert code == 0, err
    assert json.loads(out)[0]["entities"] == 442
    target = tmp_path / "out.ftm.json"
    code, out, err = run(db, "export", "--format", "ftm", "--output", str(target))
    assert code == 0, err
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    parties = [x for x in lines if x["schema"] in ("Person", "Organization", "LegalEntity", "Vessel", "Airplane")]
    assert len(parties) == 442
    assert all(x["properties"]["name"] for x in parties)


def test_zip_bomb_is_refused(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("sdn.csv", b"\0" * (20 * 1024 * 1024))
    code, _, err = run(db, "lists", "import", str(bomb))
    assert code == 1 and "bomb.zip" in err and "zip bomb" in err
    code, out, _ = run(db, "lists", "--json")
    assert json.loads(out) == []


def test_wrong_forced_format_fails_cleanly(db: Path, lists_dir: Path) -> None:
    code, _, err = run(db, "lists", "import", "--format", "un-xml", str(lists_dir / "bis/dpl_2023-11-30.txt"))
    assert code == 1 and "dpl_2023-11-30.txt" in err
    code, _, err = run(db, "lists", "import", "--format", "nope", str(lists_dir / "bis/dpl_2023-11-30.txt"))
    assert code == 1 and "unknown format 'nope'" in err
    assert json.loads(run(db, "lists", "--json")[1]) == []


def test_huge_line_is_refused(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCREEN_MAX_LINE_BYTES", "100000")
    folder = tmp_path / "ofac"
    folder.mkdir()
    row = b'36,"' + b"A" * 300_000 + b'",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    (folder / "sdn.csv").write_bytes(row)
    code, _, err = run(db, "lists", "import", "--format", "ofac-csv", str(folder / "sdn.csv"))
    assert code == 1 and "sdn.csv, line 1" in err and "longer than" in err


def test_hostile_xml_is_refused(db: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "consolidated.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol2;</FIRST_NAME></INDIVIDUAL>"
        "</INDIVIDUALS></CONSOLIDATED_LIST>\n"
    )
    code, _, err = run(db, "lists", "import", "--format", "un-xml", str(bomb))
    assert code == 1 and "consolidated.xml, line 2" in err and "DOCTYPE" in err
    xxe = tmp_path / "sdn.xml"
    xxe.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<sdnList xmlns="http://tempuri.org/sdnList.xsd"><sdnEntry><lastName>&xxe;</lastName></sdnEntry></sdnList>\n'
    )
    code, _, err = run(db, "lists", "import", "--format", "ofac-xml", str(xxe))
    assert code == 1 and "sdn.xml" in err and "root:" not in err
