"""A fire ban's penalty reads with the fine imposed and its case by name (the activity, the place
and the circumstances it answered to) on every face that tells it — the Walk-through, its
handout, the after-action report's timeline and the command line's fire story — in Chinese and
in English, as the Run page's log says it (:func:`sim.event_text.entry_words`)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sim import report
from sim.cli import main
from sim.event_text import attempt_places, entry_words, event_text
from sim.inputs import load_case
from sim.messages import pick, text
from sim.report import names_from
from sim.ui.runs import held_run, run
from sim.ui.walk_handout import handout_html
from sim.ui.walk_page import INDEX

ROOT = Path(__file__).resolve().parent.parent
FIRE = "qingming-tomb-sweeping"
FIRE_FILE = ROOT / "plans" / "scenarios" / f"{FIRE}.yaml"
#: A seed whose fire, started by a violation, drew a fine: the fire story tells that penalty too.
SEED = 2
LANGUAGES = ("zh", "en")

pytestmark = pytest.mark.skipif(not FIRE_FILE.exists(), reason="no fire-ban scenario shipped")


@pytest.fixture(scope="module")
def fined():
    """The run, the index of its first penalty that imposed a fine for a violation that started a
    fire (so every face, the fire story too, tells it), and what that penalty must read with."""
    case = load_case(FIRE_FILE)
    result = run(case, SEED)
    held = held_run(case, SEED, result)
    events = result["events"]
    index = next(i for i, e in enumerate(events) if e["action"] == "penalty" and e.get("fine_yuan") and e.get("fire"))
    return held, index


def must_read(held: dict, index: int, language: str) -> list[str]:
    """What a penalty's entry reads with in ``language``: the range its words state, the fine
    imposed, the activity and the place by name, and each circumstance it answered to."""
    events = held["result"]["events"]
    event = events[index]
    names = names_from(held["plans"], held["area"], held["scenario"], held["result"])
    place = attempt_places(events)[event["attempt"]]
    return [pick(event["text"], language), text("fire.text.fine", language, yuan=f"{event['fine_yuan']:,}"),
            pick(names.of("activity")[event["activity"]], language), pick(names.of("place")[place], language),
            *(text(f"circumstance.{c}", language) for c in event["when"])]


def never_ids(held: dict, index: int, said: str) -> None:
    event = held["result"]["events"][index]
    place = attempt_places(held["result"]["events"])[event["attempt"]]
    assert event["activity"] not in said and place not in said, said


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_walk_through_reads_a_penalty_with_its_fine_and_its_case_by_name(fined, language):
    held, index = fined
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.sidebar.radio(key="lang").set_value(language).run()
    at.switch_page("sim/ui/pages/walk.py").run()
    at.selectbox(key="walk.scenario").set_value(FIRE)
    at.number_input(key="walk.seed").set_value(SEED).run()
    at.select_slider(key=INDEX).set_value(index + 1).run()
    assert not at.exception
    fine = text("fire.text.fine", language, yuan=f"{held['result']['events'][index]['fine_yuan']:,}")
    entry = next(box.value for box in at.info if fine in box.value)
    first = entry.split("\n\n", 1)[1].split(" / ")[0]  # the reader's language first, the other after it
    assert all(part in first for part in must_read(held, index, language)), first
    never_ids(held, index, entry)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_reads_a_penalty_with_its_fine_and_its_case_by_name_in_both_languages(fined, language):
    held, index = fined
    page = html.unescape(handout_html(held, [held["result"]["events"][index]], language))
    for each in LANGUAGES:  # what happened, in the reader's language and then in the other
        assert all(part in page for part in must_read(held, index, each)), each
    never_ids(held, index, page[page.index("<th>"):])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_command_lines_fire_story_reads_a_penalty_with_its_fine_and_its_case_by_name(fined, language, capsys):
    held, index = fined
    assert main(["run", str(FIRE_FILE), "--seed", str(SEED), "--lang", language]) == 0
    out = capsys.readouterr().out
    fine = text("fire.text.fine", language, yuan=f"{held['result']['events'][index]['fine_yuan']:,}")
    line = next(line for line in out.splitlines() if fine in line)
    assert all(part in line for part in must_read(held, index, language)), line
    never_ids(held, index, line)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_after_action_reports_timeline_reads_a_penalty_with_its_fine_and_its_case_by_name(fined, language):
    held, index = fined
    said = report.markdown(held["result"], plans=held["plans"], area=held["area"], scenario=held["scenario"],
                           language=language)
    fine = text("fire.text.fine", language, yuan=f"{held['result']['events'][index]['fine_yuan']:,}")
    line = next(line for line in said.splitlines() if fine in line)
    assert all(part in line for part in must_read(held, index, language)), line
    never_ids(held, index, line)


def test_the_handout_and_the_fire_story_give_the_run_pages_words_for_a_penalty_whole(fined, capsys):
    """One function writes the case: the words the Run page's log gives the entry stand whole on
    the handout (both languages) and in the fire story (the reader's language)."""
    held, index = fined
    events = held["result"]["events"]
    names = names_from(held["plans"], held["area"], held["scenario"], held["result"])
    words = entry_words(events[index], names, attempt_places(events))
    page = html.unescape(handout_html(held, [events[index]], "zh"))
    assert words["zh"] in page and words["en"] in page
    for language in LANGUAGES:
        assert main(["run", str(FIRE_FILE), "--seed", str(SEED), "--lang", language]) == 0
        assert words[language] in capsys.readouterr().out


def test_an_entry_that_is_no_penalty_reads_as_its_own_words_and_a_penalty_that_fines_nothing_names_no_fine(fined):
    held, _ = fined
    events = held["result"]["events"]
    names = names_from(held["plans"], held["area"], held["scenario"], held["result"])
    places = attempt_places(events)
    other = next(e for e in events if e["action"] == "stop_violation")
    assert entry_words(other, names, places) == event_text(other, names)
    ordered = next(e for e in events if e["action"] == "penalty" and e.get("fine_yuan") is None)
    said = entry_words(ordered, names, places)
    for language in LANGUAGES:
        own = pick(ordered["text"], language)
        case = text("penalty.case", language, activity="§", where="", when="").split("§")[0]  # 案情： / case:
        fine = text("fire.text.fine", language, yuan="§").split("§")[0]  # 罚款 / fine
        assert said[language].startswith(own) and case in said[language]
        assert fine not in said[language].replace(own, ""), said[language]
