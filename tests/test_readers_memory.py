"""Issue 15, item 4: memory per input byte in the readers.

Readers yield replies one at a time (the run lints each and lets it go), the CSV reader
scans row by row, and a JSON file's strings cost a few slots each instead of a closure
each. Measured with tracemalloc (deterministic: allocations, not time): the peak while
reading a file and walking all its replies, per byte of input, for a worst case of many
tiny replies. Before: a 9.9 MB CSV took 518 MB, a 7 MB JSON of short strings 1.43 GB.
"""
from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from replylint.readers import ReadSettings, reader_for


def csv_text(rows: int) -> str:
    return "title,reply\n" + "".join(f't{i},"Thanks for waiting {i}"\n' for i in range(rows))


def json_text(strings: int) -> str:
    return json.dumps({"body": [f"s{i}" for i in range(strings)]})


def peak_per_byte(suffix: str, text: str) -> float:
    path = Path("memory" + suffix)
    reader = reader_for(path)
    assert reader is not None
    tracemalloc.start()
    try:
        count = sum(1 for reply in reader(path, text, ReadSettings()) if reply.text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count > 1000
    return peak / len(text.encode("utf-8"))


@pytest.mark.parametrize(("suffix", "make", "bound"), [(".csv", csv_text, 2.0), (".json", json_text, 50.0)])
def test_memory_per_input_byte_is_bounded_and_flat(suffix, make, bound):
    small = peak_per_byte(suffix, make(5_000))
    large = peak_per_byte(suffix, make(80_000))
    print(f"{suffix}: {small:.1f} bytes of peak memory per input byte at {len(make(5_000)) // 1024} KB, "
          f"{large:.1f} at {len(make(80_000)) // 1024} KB")
    assert large < bound, f"{suffix}: {large:.1f} bytes of memory per input byte"
    assert large < 1.5 * small + 1, f"{suffix}: memory per byte grows with size ({small:.1f} -> {large:.1f})"


def test_csv_rows_are_read_lazily():
    """A reader error late in a file comes while iterating, after earlier rows were yielded."""
    from replylint.readers import ReaderError

    text = csv_text(10) + 'bad,"never closed\n'
    replies = reader_for(Path("x.csv"))(Path("x.csv"), text, ReadSettings())
    assert next(iter(replies)).text == "Thanks for waiting 0"
    with pytest.raises(ReaderError, match="never closed"):
        list(replies)
