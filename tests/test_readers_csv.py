"""CSV/TSV saved replies: the reply column, quoted fields, exact positions, clear errors."""
from __future__ import annotations

import pytest

from replylint.readers import ReaderError

from .readers_helpers import locate, read, source_position

CSV = '''id,title,reply,tags
1,Late order,"We are sorry.
Your order ships ""today"", Nothing here.",shipping
2,Blank,,none
3,,Plain reply Nothing here.,x
'''


def test_reply_column_is_guessed_and_quoted_fields_map_exactly(tmp_path):
    replies = read(tmp_path, "saved.csv", CSV)
    assert [r.name for r in replies] == ["Late order (row 1)", "row 3"]
    first = replies[0]
    assert first.text == 'We are sorry.\nYour order ships "today", Nothing here.'
    assert locate(first, "Your order")[0] == (3, 1)
    assert locate(first, '"today"') == (source_position(CSV, '""today'), source_position(CSV, ', Nothing'))
    assert locate(first, "Nothing here")[0] == source_position(CSV, "Nothing here")
    assert locate(replies[1], "Nothing here")[0] == source_position(CSV, "Nothing here", nth=1)


def test_column_option_wins(tmp_path):
    replies = read(tmp_path, "saved.csv", CSV, column="TAGS")
    assert [r.text for r in replies] == ["shipping", "none", "x"]
    with pytest.raises(ReaderError, match=r"no column 'answer' \(columns: id, title, reply, tags\)"):
        read(tmp_path, "saved.csv", CSV, column="answer")


def test_tsv_and_semicolons(tmp_path):
    tsv = "name\tmessage\nHello\tThanks, Nothing here.\n"
    [reply] = read(tmp_path, "r.tsv", tsv)
    assert reply.text == "Thanks, Nothing here." and reply.name == "Hello (row 1)"
    assert locate(reply, "Nothing")[0] == (2, 15)
    semicolons = "Subject;Body\nHi;Hello, Nothing here.\n"
    [reply] = read(tmp_path, "r.csv", semicolons)
    assert reply.text == "Hello, Nothing here." and locate(reply, "Nothing")[0] == (2, 11)


def test_crlf_and_blank_lines(tmp_path):
    source = "text\r\n\r\n\"Two\r\nlines Nothing here.\"\r\nlast\r\n"
    replies = read(tmp_path, "r.csv", source)
    assert [r.text for r in replies] == ["Two\r\nlines Nothing here.", "last"]
    assert locate(replies[0], "lines")[0] == (4, 1)


def test_no_reply_column(tmp_path):
    with pytest.raises(ReaderError, match="cannot tell which column holds the replies; name it with --column"):
        read(tmp_path, "r.csv", "a,b\n1,2\n")


@pytest.mark.parametrize("source, message, line", [
    ('reply\n"never closed\n', "a quoted field is never closed", 2),
    ('reply,x\n"closed" junk,1\n', "' ' right after a closing quote", 2),
    ("reply,x\nok,1\ntoo,many,fields\n", "3 fields, but the header has 2", 3),
])
def test_invalid_csv_says_where(tmp_path, source, message, line):
    with pytest.raises(ReaderError) as info:
        read(tmp_path, "bad.csv", source)
    assert str(info.value) == f"invalid CSV: {message}"
    assert info.value.line == line


def test_empty_file(tmp_path):
    assert read(tmp_path, "empty.csv", "") == []
