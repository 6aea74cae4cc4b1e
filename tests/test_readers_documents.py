"""Markdown and HTML files split into the replies they hold (issue 12, defects 1 and 2)."""
from __future__ import annotations

import json
from pathlib import Path

from replylint.readers import ReadSettings, reader_for

from .test_cli import run

REFUND = "Your refund is delayed. We are sorry about that, it will arrive by Friday.\n"
SHIPPING = "The parcel is lost. The warehouse messed up.\n"


def findings(*paths: Path, extra: tuple[str, ...] = ()) -> list[dict]:
    code, out, err = run(["check", "--format", "json", *extra, *map(str, paths)])
    assert code in (0, 1), err
    return json.loads(out)


def rules_of(items: list[dict]) -> list[tuple[str, str]]:
    return sorted((i["rule"], i["reply"]) for i in items)


def read(path: Path, split: str = "headings"):
    reader = reader_for(path)
    assert reader is not None
    return reader(path, path.read_text(encoding="utf-8"), ReadSettings(split=split))


# ------------------------------------------------------------------ Markdown
def test_markdown_sections_are_linted_as_separate_replies(tmp_path):
    """One section's apology no longer hides another's missing apology."""
    (tmp_path / "a.txt").write_text(REFUND, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SHIPPING, encoding="utf-8")
    both = tmp_path / "replies.md"
    both.write_text(f"# Refund\n\n{REFUND}\n# Shipping\n\n{SHIPPING}", encoding="utf-8")
    alone = findings(tmp_path / "a.txt") + findings(tmp_path / "b.txt")
    together = findings(both)
    assert sorted(i["rule"] for i in together) == sorted(i["rule"] for i in alone)
    assert ("missing-apology", "Shipping") in rules_of(together)
    shipping = next(i for i in together if i["rule"] == "blame-department")
    assert (shipping["line"], shipping["column"]) == (7, 25)  # the file's line, not the section's


def test_split_none_keeps_the_file_whole(tmp_path):
    (tmp_path / ".replylint.toml").write_text('split = "none"\n', encoding="utf-8")
    both = tmp_path / "replies.md"
    both.write_text(f"# Refund\n\n{REFUND}\n# Shipping\n\n{SHIPPING}", encoding="utf-8")
    assert "missing-apology" not in [i["rule"] for i in findings(both)]
    assert [r.name for r in read(both, split="none")] == [""]


def test_split_level_is_the_shallowest_repeated_heading(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("# Canned replies\n\nIntro for agents.\n\n## Refund\n\nText one.\n\n### Details\n\nMore.\n\n"
                    "## Shipping\n\nText two.\n", encoding="utf-8")
    replies = read(path)
    assert [r.name for r in replies] == ["(preamble)", "Refund", "Shipping"]
    assert "Details" in replies[1].text  # a deeper heading stays inside its reply
    # the heading that names a reply is not linted as its text
    assert all(replies[1].text[a:b].startswith("## Refund") for a, b in replies[1].masks[:1])


def test_one_heading_is_a_title_not_a_collection(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("# Refund\n\nText one.\n", encoding="utf-8")
    assert [r.name for r in read(path)] == [""]


def test_thematic_breaks_split_and_code_blocks_do_not(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("First reply.\n\n---\n\nSecond reply.\n\n```\n# not a heading\n---\n```\n\n***\n\nThird.\n",
                    encoding="utf-8")
    replies = read(path)
    assert [r.name for r in replies] == ["(preamble)", "part 1", "part 2"]
    assert "# not a heading" in replies[1].text
    assert replies[2].locate(replies[2].text.index("Third")) == (14, 1)


def test_setext_heading_and_front_matter(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("---\ntitle: We are sorry\n---\nRefund\n======\n\nOne.\n\nShipping\n========\n\nTwo.\n",
                    encoding="utf-8")
    replies = read(path)
    assert [r.name for r in replies] == ["Refund", "Shipping"]
    assert replies[0].locate(replies[0].text.index("One")) == (7, 1)


def test_front_matter_is_not_reply_text(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("---\nnote: There's nothing we can do.\n---\nThanks for writing!\n", encoding="utf-8")
    assert findings(path) == []


def test_disable_file_applies_to_every_section(tmp_path):
    path = tmp_path / "r.md"
    path.write_text(f"<!-- replylint-disable-file missing-apology -->\n# Refund\n\n{REFUND}\n# Shipping\n\n{SHIPPING}",
                    encoding="utf-8")
    assert "missing-apology" not in [i["rule"] for i in findings(path)]


# ---------------------------------------------------------------------- HTML
PAGE = """<html><head><title>We are sorry</title><style>.sorry {}</style></head>
<body>
<h2>Refund</h2>
<p>Your refund is delayed. We are sorry about that, it will arrive by Friday.</p>
<h2>Shipping</h2>
<p>The parcel is lost. The warehouse messed up.</p>
<script>var text = "We apologize for the trouble";</script>
</body></html>
"""


def test_folders_include_html_files(tmp_path):
    (tmp_path / "page.html").write_text("<p>There's nothing we can do.</p>\n", encoding="utf-8")
    (tmp_path / "old.htm").write_text("<p>There's nothing we can do.</p>\n", encoding="utf-8")
    code, out, _ = run(["check", str(tmp_path), "--select", "dead-end"])
    assert code == 1
    assert "page.html:1:4: error dead-end" in out and "old.htm:1:4:" in out
    assert out.strip().endswith("in 2 files.")


def test_html_sections_script_style_and_title_are_not_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    got = rules_of(findings(path))
    assert ("missing-apology", "Shipping") in got  # the script's apology does not count
    assert ("missing-apology", "Refund") not in got
    replies = read(path)
    assert [r.name for r in replies] == ["Refund", "Shipping"]
    assert all("sorry {}" not in r.text and "apologize" not in r.text for r in replies)


def test_html_entities_are_decoded_with_exact_positions(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<p>Hi.</p>\n<p>Sorry. There&#39;s nothing&nbsp;we can do.</p>\n", encoding="utf-8")
    [item] = findings(path, extra=("--select", "dead-end"))
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (2, 11, 2, 45)
    [reply] = read(path)
    assert "There's nothing\xa0we" in reply.text
    apostrophe = reply.text.index("'")
    assert reply.locate(apostrophe) == (2, 16) and reply.locate_end(apostrophe + 1) == (2, 21)


def test_html_comment_directives_still_suppress(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<p>There's nothing we can do. <!-- replylint-disable-line dead-end --></p>\n", encoding="utf-8")
    assert findings(path, extra=("--select", "dead-end")) == []


def test_unclosed_head_ends_at_body(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<head><title>x</title>\n<body><p>There's nothing we can do.</p></body>\n", encoding="utf-8")
    assert [i["rule"] for i in findings(path, extra=("--select", "dead-end"))] == ["dead-end"]
