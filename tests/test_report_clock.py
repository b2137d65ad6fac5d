"""Where a run starts reads as every other moment people read: a date and a time, to the minute."""

from __future__ import annotations

import pytest

from sim.report import label, markdown, sections

RESULT = {"start": "2024-04-10T14:00:00", "seed": 7, "horizon_h": 48, "summary": {}, "plans": []}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_after_action_report_gives_the_start_to_the_minute_without_seconds(language):
    run = next(s for s in sections(RESULT, language=language) if s.title == label("run", language))
    assert dict(run.pairs)[label("start", language)] == "2024-04-10 14:00"
    assert "14:00:00" not in markdown(RESULT, language=language)
