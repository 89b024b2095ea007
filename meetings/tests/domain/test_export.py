"""The answers export without a database: the table (``domain.answers_table``) on dates-only
and timed meetings, with unanswered participants, preferred and busy marks, Korean names and
a meeting without dates; the CSV bytes (BOM, CRLF, quoting, no formulas) and the file's name."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from meetings import downloads, spreadsheet
from meetings.domain import (
    AnswerWords,
    Meeting,
    Participant,
    ParticipantDate,
    TimeWindow,
    answer_columns,
    answers_table,
)

D1, D2, D3 = date(2027, 1, 5), date(2027, 1, 6), date(2027, 1, 7)
CODE = "c" * 22


def _dates(marks: str, *, first_id: int) -> tuple[ParticipantDate, ...]:
    """One row per date of D1..D3 from "1" free, "0" busy, "2" preferred, "3" if need be."""
    return tuple(
        ParticipantDate(first_id + i, day, mark != "0", mark == "2", None, mark == "3")
        for i, (day, mark) in enumerate(zip((D1, D2, D3), marks, strict=True))
    )


def _slots(per_day: list[str], *, first_id: int) -> tuple[ParticipantDate, ...]:
    return tuple(
        ParticipantDate(first_id + i, day, "1" in slots or "2" in slots, "2" in slots, slots)
        for i, (day, slots) in enumerate(zip((D1, D2), per_day, strict=True))
    )


def test_a_dates_only_meeting_has_a_column_per_date_and_counts_only_answers() -> None:
    meeting = Meeting(
        CODE,
        "Dinner",
        "",
        D1,
        D3,
        participants=(
            Participant(1, "Ann", _dates("120", first_id=10)),
            Participant(2, "김민준", _dates("012", first_id=20)),
            # Joined free everywhere and never answered: listed, counted nowhere.
            Participant(3, "Bob", _dates("111", first_id=30), answered=False),
        ),
        version=7,
    )
    table = answers_table(meeting)
    assert table.title == "Dinner"
    assert table.version == 7
    assert table.rows == (
        ("participant", "answered", "2027-01-05", "2027-01-06", "2027-01-07"),
        ("Ann", "yes", "free", "preferred", "busy"),
        ("김민준", "yes", "busy", "free", "preferred"),
        ("Bob", "no", "", "", ""),
        ("free (answered participants)", "2", "1", "2", "1"),
    )


def test_a_timed_meeting_has_a_column_per_date_and_slot() -> None:
    window = TimeWindow(540, 630, 30, "Asia/Seoul")  # 09:00-10:30: three slots
    meeting = Meeting(
        CODE,
        "Standup",
        "",
        D1,
        D2,
        window=window,
        participants=(
            Participant(1, "Ann", _slots(["120", "000"], first_id=10)),
            Participant(2, "Bo", _slots(["221", "001"], first_id=20)),
            Participant(3, "Cy", _slots(["111", "111"], first_id=30), answered=False),
        ),
    )
    assert answer_columns(meeting) == [
        "2027-01-05 09:00",
        "2027-01-05 09:30",
        "2027-01-05 10:00",
        "2027-01-06 09:00",
        "2027-01-06 09:30",
        "2027-01-06 10:00",
    ]
    rows = answers_table(meeting).rows
    assert rows[1] == ("Ann", "yes", "free", "preferred", "busy", "busy", "busy", "busy")
    assert rows[2] == ("Bo", "yes", "preferred", "preferred", "free", "busy", "busy", "free")
    assert rows[3] == ("Cy", "no", "", "", "", "", "", "")
    assert rows[4] == ("free (answered participants)", "2", "2", "2", "1", "0", "0", "1")


def test_the_words_are_passed_in() -> None:
    korean = AnswerWords(
        participant="이름",
        answered="답변",
        yes="예",
        no="아니요",
        free="가능",
        busy="불가능",
        preferred="선호",
        total="가능 인원",
    )
    meeting = Meeting(
        CODE, "", "", D1, D3, participants=(Participant(1, "Ann", _dates("120", first_id=1)),)
    )
    assert answers_table(meeting, words=korean).rows == (
        ("이름", "답변", "2027-01-05", "2027-01-06", "2027-01-07"),
        ("Ann", "예", "가능", "선호", "불가능"),
        ("가능 인원", "1", "1", "1", "0"),
    )


def test_a_meeting_without_dates_has_no_mark_columns() -> None:
    assert answers_table(Meeting(CODE, "", "", None, None)).rows == (
        ("participant", "answered"),
        ("free (answered participants)", "0"),
    )
    joined = Meeting(CODE, "", "", None, None, participants=(Participant(1, "Ann"),))
    assert answers_table(joined).rows == (
        ("participant", "answered"),
        ("Ann", "yes"),
        ("free (answered participants)", "1"),
    )


def test_a_date_without_a_row_is_an_empty_cell() -> None:
    partial = (ParticipantDate(1, D2, True, False),)  # only by hand: stores give every date
    meeting = Meeting(CODE, "", "", D1, D3, participants=(Participant(1, "Ann", partial),))
    assert answers_table(meeting).rows[1] == ("Ann", "yes", "", "free", "")
    assert answers_table(meeting).rows[2][2:] == ("0", "1", "0")


# --- the CSV file ----------------------------------------------------------------------------


def _read(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_file_is_utf8_with_a_bom_and_crlf_rows() -> None:
    body = spreadsheet.csv_render([("name", "answered"), ('김 "민준", Jr.', "yes")])
    assert body == '\ufeffname,answered\r\n"김 ""민준"", Jr.",yes\r\n'.encode()
    assert _read(body) == [["name", "answered"], ['김 "민준", Jr.', "yes"]]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ann=Bob", "Ann=Bob"),  # only the first character matters
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_no_cell_starts_a_formula(name: str, shown: str) -> None:
    assert spreadsheet.cell_safe(name) == shown
    meeting = Meeting(
        CODE, name, "", D1, D3, participants=(Participant(1, name, _dates("111", first_id=1)),)
    )
    rows = _read(spreadsheet.csv_render(answers_table(meeting).rows))
    assert rows[1][0] == shown
    assert rows[1][1:] == ["yes", "free", "free", "free"]


@pytest.mark.parametrize(
    ("title", "disposition"),
    [
        (
            "Team dinner",
            "attachment; filename=\"Team dinner.csv\"; filename*=UTF-8''Team%20dinner.csv",
        ),
        (
            "팀 회식",
            'attachment; filename="meetifyr-answers.csv"; '
            "filename*=UTF-8''%ED%8C%80%20%ED%9A%8C%EC%8B%9D.csv",
        ),
        (
            'a "quoted" / slashed: title',
            'attachment; filename="a quoted slashed title.csv"; '
            "filename*=UTF-8''a%20quoted%20slashed%20title.csv",
        ),
        (
            "",
            "attachment; filename=\"meetifyr-answers.csv\"; filename*=UTF-8''meetifyr-answers.csv",
        ),
        (
            "../..",
            "attachment; filename=\"meetifyr-answers.csv\"; filename*=UTF-8''meetifyr-answers.csv",
        ),
    ],
)
def test_the_file_is_named_after_the_title(title: str, disposition: str) -> None:
    assert (
        downloads.title_disposition(
            title, extension=spreadsheet.EXTENSION, default=spreadsheet.DEFAULT_STEM
        )
        == disposition
    )


def test_if_need_be_is_its_own_word_and_counts_as_free() -> None:
    window = TimeWindow(540, 630, 30, "Asia/Seoul")
    dated = Meeting(
        CODE,
        "",
        "",
        D1,
        D3,
        participants=(
            Participant(1, "Ann", _dates("310", first_id=1)),
            Participant(2, "Bo", _dates("033", first_id=10)),
        ),
    )
    assert answers_table(dated).rows[1:] == (
        ("Ann", "yes", "if need be", "free", "busy"),
        ("Bo", "yes", "busy", "if need be", "if need be"),
        ("free (answered participants)", "2", "1", "2", "1"),
    )
    timed = Meeting(
        CODE,
        "",
        "",
        D1,
        D2,
        window=window,
        participants=(Participant(1, "Ann", _slots(["132", "300"], first_id=1)),),
    )
    assert answers_table(timed).rows[1:] == (
        ("Ann", "yes", "free", "if need be", "preferred", "if need be", "busy", "busy"),
        ("free (answered participants)", "1", "1", "1", "1", "1", "0", "0"),
    )
