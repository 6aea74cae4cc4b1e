"""Which HTML parser the HTML reader uses: the standard library's html.parser, selectolax or lxml.

    python -m benchmarks.html_parsers             # prints a table; selectolax/lxml if installed

For each parser: the time to get the text of a generated page of canned replies (sections,
entities, a style and a script), whether the text comes with its place in the file (what
``file:line:col`` needs), and whether script/style/title text is left out. Prints figures and
asserts nothing (the machine is shared); the reader's choice is recorded in
``replylint/readers/html_pages.py``.
"""
from __future__ import annotations

import time
from html.parser import HTMLParser

SECTION = ("<h2>Refund {i}</h2>\n<p>Your refund is delayed &mdash; we can&#39;t send it today. "
           "We&nbsp;are sorry, it will arrive by Friday &amp; you will get an e-mail.</p>\n")


def page(sections: int) -> str:
    body = "".join(SECTION.format(i=i) for i in range(sections))
    return (f"<html><head><title>Replies</title><style>.x{{color:red}}</style></head>\n<body>\n{body}"
            "<script>var s = 'We apologize';</script>\n</body></html>\n")


def best_of(fn, text: str, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - start)
    return min(times)


def stdlib_raw(text: str) -> str:
    parts: list[str] = []

    class Collect(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    Collect().feed(text)
    return "".join(parts)


def replylint_reader(text: str) -> str:
    from replylint.readers.html_pages import extract

    return extract(text).text


def main() -> None:
    text = page(5000)
    rows = [("html.parser (replylint's reader: positions, decoding, blanking)", replylint_reader,
             "line+column of every tag, text run and reference (getpos)"),
            ("html.parser (text only)", stdlib_raw, "line+column (getpos)")]
    try:
        from selectolax.lexbor import LexborHTMLParser

        rows.append(("selectolax (lexbor)", lambda t: LexborHTMLParser(t).body.text(), "none"))
    except ImportError:
        print("selectolax not installed: pip install selectolax to compare")
    try:
        import lxml.html

        rows.append(("lxml.html", lambda t: lxml.html.fromstring(t).text_content(),
                     "element.sourceline only (a line, no column; none for text)"))
    except ImportError:
        print("lxml not installed: pip install lxml to compare")
    print(f"page: {len(text):,} characters, 5,000 sections")
    print(f"{'parser':<66} {'ms':>7} {'MB/s':>6}  skips script/style  positions")
    for name, fn, positions in rows:
        seconds = best_of(fn, text)
        out = fn(text)
        skipped = "We apologize" not in out and ".x{color" not in out
        print(f"{name:<66} {seconds * 1000:7.1f} {len(text) / seconds / 1e6:6.1f}  "
              f"{'yes' if skipped else 'no':<18}  {positions}")


if __name__ == "__main__":
    main()
