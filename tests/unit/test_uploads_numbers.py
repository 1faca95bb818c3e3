"""An uploaded CSV file's numbers: what float32 cannot hold is refused at the
cell, and no file makes the checks fail with anything but a SpecError."""

from __future__ import annotations

import csv
import re
import struct

import pytest

from app import uploads
from app.spec.errors import SpecError


@pytest.fixture(autouse=True)
def folder(tmp_path):
    uploads.configure(tmp_path)


def body(bad: str = "1", column: int = 1, row: int = 13) -> bytes:
    """A header "a,b" and 15 rows of "1,2" with `bad` in `column` (0 or 1) of spreadsheet row `row`."""
    lines = ["a,b"]
    for n in range(2, 17):
        cells = ["1", "2"]
        if n == row:
            cells[column] = bad
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def refusal(data: bytes) -> SpecError:
    with pytest.raises(SpecError) as caught:
        uploads.store("x.csv", data)
    return caught.value


def test_a_column_of_1e308_is_refused_not_a_crash():
    error = refusal(b"a,b\n" + b"1e308,1\n" * 12)
    [issue] = error.issues
    assert issue.code == "upload_number" and issue.loc == ("row", 2, "column", "a")
    assert error.detail("en")[0]["msg"] == 'expected finite numbers from -3.4e38 to 3.4e38 in column "a" (float32, what Keras trains on); row 2 has 1e308'


@pytest.mark.parametrize("value", ["1e39", "-3.5e38", "3.4028236e38", "inf", "-inf", "nan", "NaN", "Infinity", "-Infinity", pytest.param("1" * 400, id="400 digits"), pytest.param("9" * 5000, id="5000 digits")])
def test_what_float32_cannot_hold_is_refused_at_the_cell(value):
    error = refusal(body(value, column=1, row=9))
    [issue] = error.issues
    assert issue.code == "upload_number" and issue.loc == ("row", 9, "column", "b")
    shown = value if len(value) <= 30 else value[:29] + "…"
    assert error.detail("en")[0]["msg"].endswith(f'in column "b" (float32, what Keras trains on); row 9 has {shown}')
    zh = error.detail("zh")[0]["msg"]
    assert zh == f'"b" 列应为 -3.4e38 到 3.4e38 之间的有限数（Keras 用 float32 训练）；第 9 行是 {shown}'
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", zh)


@pytest.mark.parametrize("value", ["3.4028235e38", "-3.4028235e38", "3.4028234663852886e38", "1e-50", "-0", "1_000"])
def test_what_float32_holds_is_accepted(value):
    struct.pack("<f", float(value))  # the loader's np.float32 gives a finite number
    meta = uploads.store("x.csv", body(value, column=0))
    assert meta["columns"][0]["kind"] == "numeric" and meta["columns"][0]["max"] == max(1.0, float(value))


def test_words_like_nan_in_a_text_column_are_text():
    meta = uploads.store("x.csv", body("NaN", column=1, row=5).replace(b",2\n", b",yes\n"))
    assert meta["columns"][1]["kind"] == "text" and meta["columns"][1]["values"] == ["NaN", "yes"]
    assert meta["columns"][1]["example"] == "yes"  # an example of text, not a word float() reads
    meta = uploads.store("x.csv", body("x", column=1, row=16).replace(b",2\n", b",inf\n"))
    assert meta["columns"][1]["kind"] == "text" and meta["columns"][1]["example"] == "x"


def test_an_empty_cell_is_still_refused():
    [issue] = refusal(body(" ", column=0, row=4)).issues
    assert issue.code == "upload_empty" and issue.loc == ("row", 4)


def test_rows_are_counted_as_a_spreadsheet_shows_them():
    blank = b"a,b\n\n" + body()[4:]  # a blank row 2 pushes every row down one
    assert uploads.parse(blank)[1][0] == ["1", "2"]
    assert refusal(body("1e39", row=10).replace(b"a,b\n", b"a,b\n\n")).issues[0].loc == ("row", 11, "column", "b")
    assert refusal(body("1,2,3", row=10).replace(b"a,b\n", b"a,b\n\n")).issues[0].loc == ("row", 11)
    quoted = b'a,b\n"two\nlines",2\n' + body()[4:]  # a quoted line break stays inside one row
    assert refusal(quoted.replace(b"1,2\n1,2\n1,2\n", b"1,2\n1,nan\n1,2\n", 1)).issues[0].loc == ("row", 4, "column", "b")


def test_an_invalid_byte_after_a_bom_is_named_at_its_place():
    error = refusal(b"\xef\xbb\xbfa,b\n\xff,1\n" + b"1,2\n" * 12)
    assert error.issues[0].code == "upload_encoding" and error.issues[0].ctx == {"byte": "0xff", "position": 7}


def test_a_lone_carriage_return_is_refused_not_a_crash():
    error = refusal(b"a,b\r" + b"1,2\r" * 12)
    assert error.issues[0].code == "upload_newline" and error.issues[0].loc == ("row", 1)
    assert "row 1 has a carriage return (CR) alone inside a cell" in error.detail("en")[0]["msg"]
    error = refusal(body("x\ry", row=5))
    assert error.issues[0].loc == ("row", 5)
    assert uploads.parse(body('"x\ry"', column=0, row=5))[1][3][0] == "x\ry"  # quoted, it is part of the cell


def test_a_cell_past_the_csv_limit_is_refused_not_a_crash():
    error = refusal(body("x" * (csv.field_size_limit() + 1), row=7))
    assert error.issues[0].code == "upload_cell" and error.issues[0].loc == ("row", 7)
    assert error.detail("en")[0]["msg"] == f"expected cells of at most {csv.field_size_limit()} characters; row 7 has a longer one"


def test_any_other_csv_error_is_a_refusal(monkeypatch):
    def broken(*args, **kwargs):
        yield ["a", "b"]
        raise csv.Error("something new")

    monkeypatch.setattr(uploads.csv, "reader", broken)
    error = refusal(body())
    assert error.issues[0].code == "upload_csv" and error.issues[0].loc == ("row", 2)
    assert error.detail("en")[0]["msg"] == "expected a CSV file; row 2 cannot be read (something new)"
