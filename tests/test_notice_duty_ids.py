"""A ban notice's duties are one set of ids across all its units: a log entry records the duty
it was done under by its id alone, so an id given twice is refused where it is given again,
naming where it was given first, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.inputs import load_plan
from sim.plan import BanNotice

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "plans" / "guyang-fire-ban-2023.yaml"
NOTICES = [p for p in sorted(ROOT.glob("plans/*.yaml")) if isinstance(load_plan(p), BanNotice)]


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.name)
def test_every_shipped_notice_gives_each_duty_id_once_and_loads(path):
    ids = [duty.id for _, duty in load_plan(path).all_duties()]
    assert ids and len(ids) == len(set(ids))


def test_a_duty_given_another_units_duty_id_is_refused_at_its_line_naming_the_first_in_each_language(tmp_path, capsys):
    text = NOTICE.read_text(encoding="utf-8")
    old, new = "      - id: patrol_and_duty\n", "      - id: approve_entry\n"
    assert text.count(old) == 1 and text.count(new) == 1
    line = text[: text.index(old)].count("\n") + 1
    file = tmp_path / NOTICE.name
    file.write_text(text.replace(old, new), encoding="utf-8")
    where = f"{file}:{line}:9: units.1.duties.0.id: "
    zh = ("职责编号 'approve_entry' 已是 units.0.duties.0 处职责的编号：通告的职责在日志和报告中都只凭编号区分，"
          "编号须各不相同")
    en = ("duty id 'approve_entry' is already the id of the duty at units.0.duties.0: the log and a report tell a "
          "notice's duties apart by their ids alone, so each needs its own")
    for language, said in (("zh", [where + zh]), ("en", [where + en]), (None, [f"{where}{zh} · {en}"])):
        status = main(["validate", str(file), *(["--lang", language] if language else [])])
        captured = capsys.readouterr()
        assert status == 2 and "Traceback" not in captured.err
        assert captured.err.splitlines() == said
