#!/usr/bin/env python3
"""Mutation fuzzing of `journeybook check` (the real binary), standard library only.

Each case copies one base report (tests/fixtures/good/minimal, tests/fixtures/good/full or
the example report at the repository root), mutates one of its persona, journey, page,
index or book.toml files (byte flips, truncation, duplicated lines, deep YAML nesting in
flow and block style, alias chains and bombs, huge lines, wrong types, unicode, BOMs, CRLF,
extra `---` documents, tabs, NUL bytes, invalid UTF-8, numbers with separators, ...), and
now and then the folder itself (a FIFO, a folder or a symlink where a content file is
expected, odd file names), then runs `journeybook check DIR` with a timeout and a memory
cap, and counts what went wrong:

  panics        exit code 101 or "panicked" on stderr
  crashes       killed by a signal we did not send (stack overflow, abort, segfault)
  hangs         still running after --timeout seconds (killed)
  memory        peak RSS over --mem-mb, or an allocation refused under the address-space cap
  no line:col   an `error:` line naming a .md/.yaml/.yml/.toml file without `:LINE:COL:`
                (except the problems of a file as a whole: see WHOLE_FILE below)
  bad position  a position with line or column 0, or a line past the end of the file
  bad path      a diagnostic naming an absolute path (`/book.toml`) or the machine's folder
  silent fails  exit 1 without any `error:` line
  other exits   any exit code other than 0, 1 (and 101)

Every case is generated from (seed, case number) alone, so a run is deterministic for a
seed whatever the number of jobs, and one case is replayed with `--replay N`. Failing
inputs are saved under --out (default target/fuzz/seed-SEED/), one folder per category and
case, with the report, meta.json (operations, exit, time, memory, stderr) and repro.sh.

    cargo build --release
    python3 scripts/fuzz.py --cases 25000 --seed 1
    python3 scripts/fuzz.py --seed 1 --replay 1234      # rerun one case, keep its report
"""

import argparse
import json
import math
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Base reports: name -> (folder, the parts of it that make the report).
BASES = {
    "minimal": (REPO / "tests/fixtures/good/minimal", None),
    "full": (REPO / "tests/fixtures/good/full", None),
    "example": (REPO, ["book.toml", "content", "static"]),
}
BASE_WEIGHTS = {"minimal": 2, "full": 4, "example": 4}
KIND_WEIGHTS = {"persona": 30, "journey": 35, "page": 15, "book": 20}

# Problems that concern a file as a whole and legitimately print `error: path: message`
# (line 0 in the library): the folder layout, I/O, and a missing book.toml or content folder.
WHOLE_FILE = (
    "cannot read:",
    "not found: a report folder needs a book.toml",
    "content folder not found",
    "a folder where a content file is expected",
    "must be a folder of content files",
    "is not a valid id",
    "broken symbolic link",
    "symbolic link to a file outside",
    "is used twice",
    "ignored:",
)

# Any diagnostic line, to check the path it names.
DIAGNOSTIC_PATH = re.compile(r"^(?:error|warning): (?P<file>.+?)(?::\d+:\d+)?: ")

DIAGNOSTIC = re.compile(
    r"^(?P<level>error|warning): (?P<file>[^:]+?\.(?:md|ya?ml|toml))"
    r"(?::(?P<line>\d+):(?P<col>\d+))?: (?P<msg>.*)$"
)

CATEGORIES = [
    "panics",
    "crashes",
    "hangs",
    "memory",
    "no_position",
    "bad_position",
    "bad_path",
    "silent_failures",
    "other_exits",
]


def load_bases():
    """Every base report as {relative path: bytes}."""
    bases = {}
    for name, (root, parts) in BASES.items():
        files = {}
        tops = [root / p for p in parts] if parts else [root]
        for top in tops:
            paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
            for path in paths:
                files[path.relative_to(root).as_posix()] = path.read_bytes()
        bases[name] = files
    return bases


def kind_of(rel):
    if rel == "book.toml":
        return "book"
    parts = rel.split("/")
    if len(parts) == 3 and parts[1] == "personas" and rel.endswith(".md"):
        return "persona"
    if len(parts) == 3 and parts[1] == "journeys" and rel.endswith((".yaml", ".yml")):
        return "journey"
    if (len(parts) == 3 and parts[1] == "pages" and rel.endswith(".md")) or (
        len(parts) == 2 and parts[1] == "index.md"
    ):
        return "page"
    return None


# ---------------------------------------------------------------------------------------
# Random helpers

def weighted(rng, table):
    """A key of `table` ({key: weight}) drawn by weight."""
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def log_uniform(rng, low, high):
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def size(rng, small, large, p_large=0.1, large_max=None):
    """Mostly small sizes (1..small), sometimes large ones (log-uniform small..large_max)."""
    if rng.random() < p_large:
        return log_uniform(rng, small, large_max or large)
    return rng.randint(1, small)


TOKENS = [
    b":", b": ", b"- ", b"-", b"[", b"]", b"{", b"}", b",", b"\"", b"'", b"#", b"&a ", b"*a",
    b"!", b"!!str ", b"|", b">", b"%", b"@", b"`", b"?", b"? ", b"<<: ", b"\t", b"\n", b"\r",
    b"\r\n", b"  ", b"\\", b"=", b"...", b"---", b"~", b"null", b"true", b"0", b"-1",
    b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xc3", b"\xe2\x80\xa8", b"\xc2\xa0", b"\xf0\x9f\x98\x80",
    b"\xcc\x81", b"\xe2\x80\x8f", b"\xe2\x80\x8b", b"\xef\xbc\x91", b"[[", b"]]", b"\"\"\"",
    b"'''", b"*", b"**", b"_", b"<", b">", b"<!--", b"-->", b"<div>", b"</div>", b"![x](", b"[^1]",
    b"```", b"~~~", b"|---|", b"\\u00", b"\\U0001F600", b"\\x", b"1_000", b"0x1F", b"1e999",
    b".inf", b"-.nan",
]

UNICODE = [
    "é", "ë", "ø", "ß", "İ", "ǅ", "Ω", "中文", "日本語", "한국어", "עברית", "العربية", "😀", "👩‍💻",
    "🇧🇪", "e\u0301", "\u200b", "\u200d", "\u200e", "\u202e", "\u2028", "\u2029", "\u00a0",
    "\ufeff", "\ufffd", "１２３", "ⅷ", "\U0010ffff", "\u0085", "\u3000",
]

INVALID_UTF8 = [
    b"\xff", b"\xfe", b"\xc3", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xe2\x82",
    b"\xf0\x28\x8c\xbc", b"\xf0\x90\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80",
    b"\x80", b"\xbf",
]

NUMBERS = [
    "1_000", "1,000", "1.000", "12 000", "12k", "0x1F", "0o17", "0b101", "017", "1e3", "1E3",
    "1.5e-3", "-0", "+12", "-5", "0", ".inf", "-.inf", ".nan", "99999999999999999999999",
    "18446744073709551615", "18446744073709551616", "-9223372036854775809", "1e400", "3.0",
    "2.5", "0.0000001", "12.", ".5", "1__0", "_1", "1_", "١٢٣", "１２", "NaN", "Infinity",
    "0x", "1:20:30", "2026-01-01", "2026-01-01T10:00:00Z", "~", "'12'", '"12"',
]

WRONG_YAML = [
    "[]", "[a, b]", "{}", "{x: 1}", "~", "null", "", "true", "no", "yes", "off", "42", "-3",
    "3.14", "'text'", '"text"', "|\n  block\n  text", ">-\n  folded", "[[nested]]",
    "{a: [1, {b: 2}]}", "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!custom x",
    "&anchor value", "*undefined", "2026-01-01", "!!str 12", "!!int '12'", "!!float x",
    "? complex\n  : key", "- item\n- item", "\"unterminated", "'unterminated", "@reserved",
    "`backtick", "%directive", "\"\\u12\"", "\"\\xZZ\"", "\"\\U0010FFFF\"", "<<: *a",
]

WRONG_TOML = [
    "[]", "[1, \"a\"]", "{}", "{ a = 1 }", "true", "false", "42", "-1", "3.14", "inf", "nan",
    "1979-05-27T07:32:00Z", "1979-05-27", "07:32:00", "'literal'", "\"\"\"multi\nline\"\"\"",
    "'''lit\nline'''", "\"unterminated", "[[1, [2]], [3]]", "{ a = { b = { c = 1 } } }",
    "\"\\u12\"", "\"\\x41\"", "\"\\U0010FFFF\"", "1_000", "0x1F", "0o17", "0b101", "+1",
    "1e400", "99999999999999999999999", "\"#zzz\"", "\"#0b7a75\"", "\"../etc\"", "\"/abs\"",
    "\"a\\\\b\"", "\"\"", "\" \"", "\"nl\"", "\"fr\"", "\"six\"", "\"content\"", "\".\"", "\"./\"",
    "\"content/personas\"",
]


def lines_of(data):
    return data.split(b"\n")


def join(lines):
    return b"\n".join(lines)


def yaml_region(kind, data):
    """Line range [start, end) of the YAML in a file: front matter for markdown."""
    lines = lines_of(data)
    if kind == "journey":
        return 0, len(lines)
    if kind in ("persona", "page") and lines and lines[0].rstrip(b"\r") == b"---":
        for i in range(1, len(lines)):
            if lines[i].rstrip(b"\r") in (b"---", b"..."):
                return 1, i
    return 0, len(lines)


KEY_LINE = re.compile(rb"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)(\s*:)(\s*)(.*)$")
TOML_LINE = re.compile(rb"^(\s*)([A-Za-z0-9_\"'.-]+)(\s*=\s*)(.*)$")


def pick_line(rng, lines, pattern, start=0, end=None):
    end = len(lines) if end is None else end
    hits = [i for i in range(start, end) if pattern.match(lines[i])]
    return rng.choice(hits) if hits else None


# ---------------------------------------------------------------------------------------
# Mutations: each takes (rng, data, kind) and returns (new data, a short description).

def m_bitflip(rng, data, kind):
    if not data:
        return data, "bitflip(empty)"
    n = size(rng, 3, 64)
    out = bytearray(data)
    for _ in range(n):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out), f"bitflip x{n}"


def m_byte_replace(rng, data, kind):
    if not data:
        return data, "byte_replace(empty)"
    out = bytearray(data)
    i = rng.randrange(len(out))
    token = rng.choice(TOKENS)
    out[i : i + 1] = token
    return bytes(out), f"byte_replace @{i} {token!r}"


def m_insert_token(rng, data, kind):
    i = rng.randint(0, len(data))
    if rng.random() < 0.5:
        # At a line start, where YAML and TOML syntax matters most.
        starts = [0] + [m.end() for m in re.finditer(rb"\n", data)]
        i = rng.choice(starts)
    token = b"".join(rng.choice(TOKENS) for _ in range(size(rng, 3, 16)))
    return data[:i] + token + data[i:], f"insert @{i} {token[:40]!r}"


def m_delete_range(rng, data, kind):
    if not data:
        return data, "delete(empty)"
    i = rng.randrange(len(data))
    n = size(rng, 16, 4096)
    return data[:i] + data[i + n :], f"delete @{i} len {n}"


def m_truncate(rng, data, kind):
    i = rng.randint(0, len(data))
    return data[:i], f"truncate @{i}"


def m_duplicate_line(rng, data, kind):
    lines = lines_of(data)
    i = rng.randrange(len(lines))
    k = size(rng, 3, 5000, p_large=0.08)
    lines[i + 1 : i + 1] = [lines[i]] * k
    return join(lines), f"duplicate line {i + 1} x{k}"


def m_duplicate_block(rng, data, kind):
    lines = lines_of(data)
    i = rng.randrange(len(lines))
    j = min(len(lines), i + rng.randint(1, 8))
    k = size(rng, 2, 500, p_large=0.05)
    lines[j:j] = lines[i:j] * k
    return join(lines), f"duplicate lines {i + 1}-{j} x{k}"


def m_delete_line(rng, data, kind):
    lines = lines_of(data)
    i = rng.randrange(len(lines))
    del lines[i]
    return join(lines), f"delete line {i + 1}"


def m_swap_lines(rng, data, kind):
    lines = lines_of(data)
    if len(lines) < 2:
        return data, "swap(short)"
    i, j = rng.sample(range(len(lines)), 2)
    lines[i], lines[j] = lines[j], lines[i]
    return join(lines), f"swap lines {i + 1} {j + 1}"


def m_line_endings(rng, data, kind):
    choice = rng.choice(["crlf", "crlf", "cr", "mixed", "no-final", "trailing-ws"])
    if choice == "crlf":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), "crlf"
    if choice == "cr":
        return data.replace(b"\n", b"\r"), "cr only"
    if choice == "mixed":
        lines = lines_of(data)
        out = b"".join(l + rng.choice([b"\n", b"\r\n", b"\r"]) for l in lines)
        return out, "mixed line endings"
    if choice == "no-final":
        return data.rstrip(b"\r\n"), "no final newline"
    return join([l + b" \t " for l in lines_of(data)]), "trailing whitespace"


def m_bom(rng, data, kind):
    bom = b"\xef\xbb\xbf"
    where = rng.choice(["start", "start", "double", "middle", "utf16"])
    if where == "start":
        return bom + data, "bom"
    if where == "double":
        return bom + bom + data, "double bom"
    if where == "utf16":
        return b"\xff\xfe" + data.decode("utf-8", "replace").encode("utf-16-le"), "utf-16"
    i = rng.randint(0, len(data))
    return data[:i] + bom + data[i:], f"bom @{i}"


def m_tabs(rng, data, kind):
    lines = lines_of(data)
    n = 0
    for i, line in enumerate(lines):
        if line.startswith(b"  ") and rng.random() < 0.5:
            stripped = line.lstrip(b" ")
            lines[i] = b"\t" * ((len(line) - len(stripped)) // 2 or 1) + stripped
            n += 1
    return join(lines), f"tabs on {n} lines"


def m_nul(rng, data, kind):
    i = rng.randint(0, len(data))
    n = size(rng, 2, 10000, p_large=0.05)
    return data[:i] + b"\x00" * n + data[i:], f"nul x{n} @{i}"


def m_invalid_utf8(rng, data, kind):
    i = rng.randint(0, len(data))
    bad = rng.choice(INVALID_UTF8)
    return data[:i] + bad + data[i:], f"invalid utf8 @{i} {bad!r}"


def m_unicode(rng, data, kind):
    i = rng.randint(0, len(data))
    # Keep characters whole: move to a character boundary.
    while 0 < i < len(data) and (data[i] & 0xC0) == 0x80:
        i -= 1
    text = "".join(rng.choice(UNICODE) for _ in range(size(rng, 4, 2000, p_large=0.05)))
    return data[:i] + text.encode() + data[i:], f"unicode @{i} len {len(text)}"


def m_huge_line(rng, data, kind):
    n = log_uniform(rng, 1_000, 4_000_000)
    unit = rng.choice([b"a", b"x y ", b"\xc3\xa9", b"\\", b"[", b"#", b"*", b"- ", b"`", b"a, "])
    body = (unit * (n // len(unit) + 1))[:n]
    lines = lines_of(data)
    start, end = yaml_region(kind, data) if kind != "book" else (0, len(lines))
    pattern = TOML_LINE if kind == "book" else KEY_LINE
    i = pick_line(rng, lines, pattern, start, end)
    if i is not None and rng.random() < 0.7:
        m = pattern.match(lines[i])
        value = b'"' + body.replace(b'"', b"") + b'"' if kind == "book" else body
        lines[i] = m.group(1) + m.group(2) + m.group(3) + (b" " if kind != "book" else b"") + value
        return join(lines), f"huge value line {i + 1} len {n}"
    i = rng.randrange(len(lines))
    lines.insert(i, body)
    return join(lines), f"huge line inserted at {i + 1} len {n}"


def m_empty(rng, data, kind):
    choice = rng.choice([b"", b"\n", b"   \n\t\n", b"---\n---\n", b"---\n", b"\xef\xbb\xbf", b"~"])
    return choice, f"replaced by {choice!r}"


# YAML (journeys, front matter) ----------------------------------------------------------

def m_yaml_wrong_type(rng, data, kind):
    lines = lines_of(data)
    start, end = yaml_region(kind, data)
    i = pick_line(rng, lines, KEY_LINE, start, end)
    if i is None:
        return data, "wrong_type(no key)"
    m = KEY_LINE.match(lines[i])
    value = rng.choice(WRONG_YAML)
    indent = b" " * (len(m.group(1)) + 2)
    value_bytes = value.encode().replace(b"\n", b"\n" + indent)
    lines[i] = m.group(1) + m.group(2) + m.group(3) + b" " + value_bytes
    return join(lines), f"yaml wrong type line {i + 1}: {value!r}"


def m_yaml_number(rng, data, kind):
    lines = lines_of(data)
    start, end = yaml_region(kind, data)
    hits = [i for i in range(start, end) if re.search(rb"(count|emotion|leeftijd|age|\b\d+\b)", lines[i])]
    number = rng.choice(NUMBERS)
    if hits and rng.random() < 0.8:
        i = rng.choice(hits)
        m = KEY_LINE.match(lines[i])
        if m:
            lines[i] = m.group(1) + m.group(2) + m.group(3) + b" " + number.encode()
        else:
            lines[i] = re.sub(rb"\d+", lambda _: number.encode(), lines[i], count=1)
        return join(lines), f"yaml number line {i + 1}: {number}"
    return data + b"\ncount: " + number.encode() + b"\n", f"yaml number appended: {number}"


def m_yaml_extra_document(rng, data, kind):
    lines = lines_of(data)
    start, end = yaml_region(kind, data)
    i = rng.randint(start, end)
    marker = rng.choice([b"---", b"---", b"...", b"--- >", b"--- !!map", b"---\t# x"])
    tail = rng.choice([[], [b"title: again"], [b"- a"], [b"x"], [b"%YAML 1.2", b"---"], [b"{"]])
    lines[i:i] = [marker] + tail
    return join(lines), f"extra document at line {i + 1}: {marker!r} {tail!r}"


def m_yaml_anchor_alias(rng, data, kind):
    lines = lines_of(data)
    start, end = yaml_region(kind, data)
    hits = [i for i in range(start, end) if KEY_LINE.match(lines[i])]
    if not hits:
        return data, "anchor(no key)"
    i = rng.choice(hits)
    m = KEY_LINE.match(lines[i])
    name = rng.choice([b"a", b"b", b"x", b"very-long-anchor-name"])
    lines[i] = m.group(1) + m.group(2) + m.group(3) + b" &" + name + b" " + m.group(5)
    j = rng.choice(hits)
    mj = KEY_LINE.match(lines[j])
    form = rng.choice([b"*" + name, b"<<: *" + name, b"[*" + name + b", *" + name + b"]", b"*nope"])
    if form.startswith(b"<<"):
        lines.insert(j + 1, mj.group(1).replace(b"-", b" ") + form)
    else:
        lines[j] = mj.group(1) + mj.group(2) + mj.group(3) + b" " + form
    return join(lines), f"anchor line {i + 1}, alias line {j + 1}: {form!r}"


def nesting(rng, depth, style):
    if style == "flow-seq":
        return b"[" * depth + b"x" + b"]" * depth
    if style == "flow-map":
        return b"{a: " * depth + b"x" + b"}" * depth
    if style == "flow-mixed":
        return b"".join(rng.choice([b"[", b"{k: "]) for _ in range(depth)) + b"x"
    if style == "flow-unclosed":
        return b"[" * depth
    if style == "block-seq":
        # `- - - x`: block sequences nested on one line, linear in size.
        return b"\n  " + b"- " * depth + b"x"
    # Block mappings need one line per level: cap the text at a few megabytes.
    depth = min(depth, 2500)
    return b"\n" + b"\n".join(b"  " * (d + 1) + b"k:" for d in range(depth)) + b" x"


def m_yaml_deep_nesting(rng, data, kind):
    depth = log_uniform(rng, 2, 400) if rng.random() < 0.85 else log_uniform(rng, 400, 200_000)
    style = rng.choice(["flow-seq", "flow-map", "flow-mixed", "flow-unclosed", "block-seq", "block-map"])
    nested = nesting(rng, depth, style)
    lines = lines_of(data)
    start, end = yaml_region(kind, data)
    i = pick_line(rng, lines, KEY_LINE, start, end)
    if i is None:
        lines.insert(start, b"extra: " + nested)
    else:
        m = KEY_LINE.match(lines[i])
        lines[i] = m.group(1) + m.group(2) + m.group(3) + b" " + nested
    return join(lines), f"deep nesting {style} depth {depth}"


def alias_bomb(levels, width, deep=0):
    out = [b"a0: &a0 " + (nesting(None, deep, "flow-seq") if deep else b"[lol, lol, lol]")]
    for level in range(1, levels + 1):
        refs = b", ".join([b"*a%d" % (level - 1)] * width)
        out.append(b"a%d: &a%d [%s]" % (level, level, refs))
    return out


def m_yaml_alias_bomb(rng, data, kind):
    levels = rng.randint(1, 12)
    width = rng.randint(2, 10)
    deep = log_uniform(rng, 10, 8000) if rng.random() < 0.3 else 0
    bomb = alias_bomb(levels, width, deep)
    lines = lines_of(data)
    start, end = yaml_region(kind, data)
    # Top-level keys of the journey or front matter (an unknown field, reported as such).
    lines[end:end] = bomb
    return join(lines), f"alias bomb {levels} levels x{width}, anchor depth {deep}"


def m_yaml_duplicate_key(rng, data, kind):
    lines = lines_of(data)
    start, end = yaml_region(kind, data)
    i = pick_line(rng, lines, KEY_LINE, start, end)
    if i is None:
        return data, "dup key(no key)"
    copy = lines[i].replace(b"- ", b"  ", 1)
    lines.insert(i + 1, copy)
    return join(lines), f"duplicate key line {i + 1}"


def m_yaml_syntax(rng, data, kind):
    lines = lines_of(data)
    start, end = yaml_region(kind, data)
    i = pick_line(rng, lines, KEY_LINE, start, end)
    choice = rng.choice(["tag", "directive", "complex-key", "block-scalar", "indent", "quote", "colon"])
    if i is None:
        i = start
    line = lines[i] if i < len(lines) else b""
    if choice == "tag":
        tag = rng.choice([b"!!str", b"!!binary", b"!!set", b"!!omap", b"!!timestamp", b"!custom", b"!<tag:x>", b"!!null", b"!!map"])
        lines[i] = re.sub(rb":\s*", lambda _: b": " + tag + b" ", line, count=1)
    elif choice == "directive":
        lines.insert(start, rng.choice([b"%YAML 1.1", b"%YAML 2.0", b"%TAG ! tag:x,2026:", b"%FOO bar"]))
    elif choice == "complex-key":
        lines.insert(i, rng.choice([b"? [a, b]\n: v", b"? {x: 1}\n: v", b"[a]: b", b"? |\n  k\n: v"]))
    elif choice == "block-scalar":
        indicator = rng.choice([b"|", b">", b"|-", b">+", b"|2", b"|9", b"|0", b">-9"])
        lines[i] = re.sub(rb":\s*.*$", lambda _: b": " + indicator, line, count=1)
        lines.insert(i + 1, b" " * rng.randint(0, 6) + b"block text")
    elif choice == "indent":
        delta = rng.choice([-4, -2, -1, 1, 2, 3])
        if delta > 0:
            lines[i] = b" " * delta + line
        else:
            lines[i] = line[min(-delta, len(line) - len(line.lstrip(b" "))) :]
    elif choice == "quote":
        lines[i] = re.sub(rb":\s*", lambda _, q=rng.choice([b": \"", b": '", b": \"\\", b": `"]): q, line, count=1)
    else:
        lines[i] = line.replace(b":", rng.choice([b"::", b" :", b":x", b""]), 1)
    return join(lines), f"yaml {choice} line {i + 1}"


def m_yaml_many_items(rng, data, kind):
    n = log_uniform(rng, 10, 60_000) if rng.random() < 0.2 else rng.randint(10, 300)
    if kind == "journey":
        stage = rng.choice([b"awareness", b"orientatie", b"x"])
        lines = [b"  - stage: " + stage + b"\n    count: %d" % (n - i) for i in range(n)]
        return data.rstrip(b"\n") + b"\n" + b"\n".join(lines) + b"\n", f"{n} more stages"
    items = b"[" + b", ".join(b"item%d" % i for i in range(n)) + b"]"
    lines = lines_of(data)
    start, end = yaml_region(kind, data)
    lines.insert(end, b"tags: " + items)
    return join(lines), f"{n} list items"


# Markdown (persona and page bodies) ------------------------------------------------------

MARKDOWN = [
    b"# Heading", b"## Heading", b"Heading\n=======", b"---", b"***", b"> quote\n> > deeper",
    b"- list\n  - nested\n    - deeper", b"1. one\n2. two", b"| a | b |\n|---|---|\n| 1 | 2 |",
    b"<div>html</div>", b"<script>alert(1)</script>", b"[link][ref]\n\n[ref]: http://x",
    b"[^1]\n\n[^1]: footnote", b"```\nunclosed fence", b"~~~rust\ncode\n~~~", b"![img](missing.png)",
    b"<http://example.com>", b"**bold *nested _emph_***", b"\\*escaped\\*", b"&amp; &#0; &#x110000;",
    b"    indented code", b"- [ ] task", b"~~strike~~", b"line  \nbreak", b"{{ tera }}", b"{% raw %}",
    b"<!-- comment", b"$$math$$",
]


def m_md_headings(rng, data, kind):
    k = size(rng, 50, 10_000, p_large=0.25)
    text = rng.choice([b"## Same heading", b"# Achtergrond", b"### x", b"## Doelen {#id}"])
    same = rng.random() < 0.7
    block = b"\n\n".join(text if same else text + b" %d" % i for i in range(k))
    return data + b"\n\n" + block + b"\n", f"{k} {'identical' if same else 'numbered'} headings"


def m_md_constructs(rng, data, kind):
    start, end = yaml_region(kind, data)
    lines = lines_of(data)
    i = rng.randint(min(end + 1, len(lines)), len(lines))
    n = size(rng, 4, 3000, p_large=0.05)
    chosen = [rng.choice(MARKDOWN) for _ in range(n)]
    if rng.random() < 0.1:
        depth = log_uniform(rng, 10, 50_000)
        chosen.append(rng.choice([b"> " * depth + b"x", b"*" * depth + b"x" + b"*" * depth,
                                  b"[" * depth + b"x" + b"](y)" * depth,
                                  b"\n".join(b"  " * d + b"- item" for d in range(min(depth, 3000)))]))
    lines[i:i] = [b"\n\n".join(chosen)]
    return join(lines), f"markdown x{len(chosen)} at line {i + 1}"


def m_md_fences(rng, data, kind):
    lines = lines_of(data)
    choice = rng.choice(["drop-close", "drop-open", "double", "dots", "spaces", "prefix"])
    fences = [i for i, l in enumerate(lines) if l.rstrip(b"\r") == b"---"]
    if choice == "drop-close" and len(fences) > 1:
        del lines[fences[1]]
    elif choice == "drop-open" and fences:
        del lines[fences[0]]
    elif choice == "double":
        lines.insert(0, b"---")
    elif choice == "dots" and len(fences) > 1:
        lines[fences[1]] = b"..."
    elif choice == "spaces" and fences:
        lines[fences[0]] = rng.choice([b"--- ", b" ---", b"----", b"---\t", b"-- -"])
    else:
        lines.insert(0, rng.choice([b"", b"\xef\xbb\xbf", b"# title", b" "]))
    return join(lines), f"front matter fence {choice}"


# TOML (book.toml) ----------------------------------------------------------------------

def m_toml_wrong_type(rng, data, kind):
    lines = lines_of(data)
    i = pick_line(rng, lines, TOML_LINE)
    if i is None:
        return data, "toml wrong type(no key)"
    m = TOML_LINE.match(lines[i])
    value = rng.choice(WRONG_TOML)
    lines[i] = m.group(1) + m.group(2) + m.group(3) + value.encode()
    return join(lines), f"toml wrong type line {i + 1}: {value!r}"


def m_toml_structure(rng, data, kind):
    lines = lines_of(data)
    choice = rng.choice(["dup-key", "dup-table", "array-table", "dotted", "quoted", "unknown", "inline-model", "drop-header"])
    i = pick_line(rng, lines, TOML_LINE)
    if choice == "dup-key" and i is not None:
        lines.insert(i + 1, lines[i])
    elif choice == "dup-table":
        lines.append(rng.choice([b"[book]", b"[output.html]", b"[journey]"]))
    elif choice == "array-table":
        lines.append(rng.choice([b"[[book]]", b"[[journey.models]]", b"[[journey.models.stages]]", b"[[output]]"]))
    elif choice == "dotted":
        lines.append(rng.choice([b"book.title = \"x\"", b"output.html.print = false", b"journey.models = 3", b"a.b.c.d = 1"]))
    elif choice == "quoted":
        lines.append(rng.choice([b"\"book\" = 1", b"'titel' = \"x\"", b"\"\" = 1", "ké = 1".encode(), b"\"a.b\" = 2"]))
    elif choice == "unknown":
        lines.append(rng.choice([b"[boek]", b"[bulid]", b"[output.htm]", b"[journey.model]", b"[[journey.modles]]"]))
    elif choice == "inline-model":
        n = size(rng, 10, 20_000, p_large=0.1)
        stages = b", ".join(b"{ id = \"s%d\" }" % s for s in range(n))
        lines += [b"[[journey.models]]", b"id = \"m%d\"" % rng.randrange(3), b"stages = [" + stages + b"]"]
    else:
        headers = [j for j, l in enumerate(lines) if l.startswith(b"[")]
        if headers:
            del lines[rng.choice(headers)]
    return join(lines), f"toml {choice}"


def m_toml_deep(rng, data, kind):
    depth = log_uniform(rng, 2, 300) if rng.random() < 0.85 else log_uniform(rng, 300, 100_000)
    style = rng.choice(["array", "table", "dotted"])
    if style == "array":
        value = b"[" * depth + b"1" + b"]" * depth
    elif style == "table":
        value = b"{ a = " * depth + b"1" + b" }" * depth
    else:
        value = b".".join([b"k"] * min(depth, 20_000)) + b" = 1"
    line = value if style == "dotted" else b"authors = " + value
    lines = lines_of(data)
    at = next((j + 1 for j, l in enumerate(lines) if l.strip() == b"[book]"), 0)
    lines.insert(at, line)
    return join(lines), f"toml deep {style} depth {depth}"


MUTATIONS = {
    # name: (function, weight, kinds)
    "bitflip": (m_bitflip, 8, "pjgb"),
    "byte_replace": (m_byte_replace, 8, "pjgb"),
    "insert_token": (m_insert_token, 10, "pjgb"),
    "delete_range": (m_delete_range, 5, "pjgb"),
    "truncate": (m_truncate, 5, "pjgb"),
    "duplicate_line": (m_duplicate_line, 7, "pjgb"),
    "duplicate_block": (m_duplicate_block, 3, "pjgb"),
    "delete_line": (m_delete_line, 4, "pjgb"),
    "swap_lines": (m_swap_lines, 4, "pjgb"),
    "line_endings": (m_line_endings, 5, "pjgb"),
    "bom": (m_bom, 4, "pjgb"),
    "tabs": (m_tabs, 3, "pjgb"),
    "nul": (m_nul, 2, "pjgb"),
    "invalid_utf8": (m_invalid_utf8, 3, "pjgb"),
    "unicode": (m_unicode, 5, "pjgb"),
    "huge_line": (m_huge_line, 1.5, "pjgb"),
    "empty": (m_empty, 1, "pjgb"),
    "yaml_wrong_type": (m_yaml_wrong_type, 9, "pjg"),
    "yaml_number": (m_yaml_number, 5, "pj"),
    "yaml_extra_document": (m_yaml_extra_document, 3, "pjg"),
    "yaml_anchor_alias": (m_yaml_anchor_alias, 3, "pjg"),
    "yaml_alias_bomb": (m_yaml_alias_bomb, 0.7, "pjg"),
    "yaml_deep_nesting": (m_yaml_deep_nesting, 1.2, "pjg"),
    "yaml_duplicate_key": (m_yaml_duplicate_key, 3, "pjg"),
    "yaml_syntax": (m_yaml_syntax, 6, "pjg"),
    "yaml_many_items": (m_yaml_many_items, 1, "pj"),
    "md_headings": (m_md_headings, 1.5, "pg"),
    "md_constructs": (m_md_constructs, 4, "pg"),
    "md_fences": (m_md_fences, 3, "pg"),
    "toml_wrong_type": (m_toml_wrong_type, 10, "b"),
    "toml_structure": (m_toml_structure, 8, "b"),
    "toml_deep": (m_toml_deep, 1, "b"),
}
KIND_LETTER = {"persona": "p", "journey": "j", "page": "g", "book": "b"}

# Changes to the folder itself, drawn for about one case in 70: each returns a plan applied
# when the report is written (special files cannot be kept as bytes).
LAYOUT = {
    "fifo": 1.5,  # a FIFO where a content file (or book.toml) is expected
    "folder_as_file": 2,  # a folder named like a content file
    "odd_name": 4,  # the mutated file again under an odd name
    "symlink": 3,  # links: to a sibling, dangling, a loop, outside the report
}


def plan_layout(rng, table, target):
    kind = weighted(rng, table)
    folder = target.rsplit("/", 1)[0] if "/" in target else ""
    ext = "." + target.rsplit(".", 1)[-1]
    if kind == "fifo":
        where = rng.choice([target, f"{folder}/fifo{ext}" if folder else "book.toml"])
        return {"op": "fifo", "path": where}
    if kind == "folder_as_file":
        return {"op": "folder", "path": rng.choice([target, f"{folder}/dir{ext}" if folder else "book.toml"])}
    if kind == "odd_name":
        name = rng.choice([
            "Jane Peeters", "UPPER", "-dash", "_under", "é", "ünï", "a b", ".hidden", "x~", "#x#",
            "a.b", "x" * 300, "中文", "CON", "nul", "a\tb", "\udcff", "", ".", "jane.md",
        ])
        return {"op": "odd_name", "path": f"{folder}/{name}{ext}" if folder else f"{name}{ext}"}
    link = rng.choice(["sibling", "dangling", "loop", "outside", "self", "dev-zero"])
    return {"op": "symlink", "path": f"{folder}/link{ext}" if folder else "book.toml", "kind": link,
            "target": target}


def generate(bases, seed, case, only=None):
    """The inputs of one case: base, mutated file, its bytes, the operations, a layout plan.
    `only` (a set of operation names) narrows the operations and folder changes drawn."""
    rng = random.Random(f"journeybook-fuzz:{seed}:{case}")
    base = weighted(rng, BASE_WEIGHTS)
    files = bases[base]
    by_kind = {}
    for rel in files:
        k = kind_of(rel)
        if k:
            by_kind.setdefault(k, []).append(rel)
    allowed = {
        k: w for k, w in KIND_WEIGHTS.items()
        if k in by_kind and (not only or any(KIND_LETTER[k] in MUTATIONS[o][2] for o in only if o in MUTATIONS)
                             or any(o in LAYOUT for o in only))
    }
    if not allowed:
        raise SystemExit(f"error: no file kind takes the operations {sorted(only)}")
    kind = weighted(rng, allowed)
    target = rng.choice(sorted(by_kind[kind]))
    data = files[target]
    letter = KIND_LETTER[kind]
    table = {name: w for name, (_, w, kinds) in MUTATIONS.items()
             if letter in kinds and (not only or name in only)}
    n_ops = 1 + (rng.random() < 0.35) + (rng.random() < 0.1) if table else 0
    ops = []
    for _ in range(n_ops):
        name = weighted(rng, table)
        data, what = MUTATIONS[name][0](rng, data, kind)
        ops.append(f"{name}: {what}")
    layouts = {k: w for k, w in LAYOUT.items() if not only or k in only}
    forced = bool(only) and bool(layouts)
    layout = plan_layout(rng, layouts, target) if layouts and (forced or rng.random() < 1 / 70) else None
    return {"base": base, "target": target, "kind": kind, "data": data, "ops": ops, "layout": layout}


def write_report(bases, spec, root):
    """Writes the case's report into `root` (which must not exist)."""
    root.mkdir(parents=True)
    for rel, content in bases[spec["base"]].items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(spec["data"] if rel == spec["target"] else content)
    layout = spec["layout"]
    if not layout:
        return
    path = root / layout["path"]
    op = layout["op"]
    try:
        if op in ("fifo", "folder") and path.exists():
            path.unlink()
        if op == "fifo":
            os.mkfifo(path)
        elif op == "folder":
            path.mkdir()
            (path / "inner.md").write_bytes(spec["data"])
        elif op == "odd_name":
            path.write_bytes(spec["data"])
        elif op == "symlink":
            if path.exists() or path.is_symlink():
                path.unlink()
            target = {
                "sibling": Path(os.path.relpath(root / layout["target"], path.parent)),
                "dangling": path.parent / "missing-target.md",
                "loop": path,
                "self": path.parent,
                "outside": Path("/etc/hostname"),
                "dev-zero": Path("/dev/zero"),
            }[layout["kind"]]
            os.symlink(target, path)
    except (OSError, ValueError, UnicodeError) as e:
        layout["skipped"] = str(e)


# ---------------------------------------------------------------------------------------
# Running one case

def limits(mem_cap):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (mem_cap, mem_cap))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def run_check(binary, root, timeout, mem_cap, workdir):
    """Runs `check root`; returns exit code, signal, timing, peak RSS and output."""
    out_path = workdir / "stdout"
    err_path = workdir / "stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            [binary, "check", str(root)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=limits(mem_cap),
            start_new_session=True,
            env={**os.environ, "RUST_BACKTRACE": "1"},
        )
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        elapsed = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = err_path.read_bytes()
    return {
        "code": proc.returncode if proc.returncode >= 0 else None,
        "signal": -proc.returncode if proc.returncode < 0 else None,
        "timed_out": timed_out.is_set(),
        "seconds": round(elapsed, 3),
        "max_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "stderr": stderr.decode("utf-8", "replace"),
        "stdout_bytes": out_path.stat().st_size,
        "root": str(root),
    }


def line_count(data):
    # Any of \n, \r\n and \r ends a line for YAML; \n alone for TOML and markdown.
    return max(data.count(b"\n"), len(data.splitlines())) + 1


def judge(result, spec, bases, mem_mb):
    """The failure categories of one case, with the lines that show each."""
    found = {}
    stderr = result["stderr"]
    code = result["code"]
    if result["timed_out"]:
        found["hangs"] = [f"killed after {result['seconds']} s"]
    elif code == 101 or "panicked" in stderr:
        found["panics"] = [l for l in stderr.splitlines() if "panicked" in l][:3] or [f"exit {code}"]
    elif "memory allocation of" in stderr:
        found["memory"] = [l for l in stderr.splitlines() if "memory allocation" in l][:1]
    elif result["signal"] is not None:
        found["crashes"] = [f"signal {result['signal']}"] + [l for l in stderr.splitlines() if "overflow" in l][:1]
    elif code not in (0, 1):
        found["other_exits"] = [f"exit {code}"]
    if result["max_rss_mb"] > mem_mb:
        found.setdefault("memory", []).append(f"peak RSS {result['max_rss_mb']} MB")
    files = dict(bases[spec["base"]])
    files[spec["target"]] = spec["data"]
    lines = {}  # line counts by file, counted once: a case may print 50,000 diagnostics
    errors = 0
    root = str(result.get("root", ""))
    for line in stderr.splitlines():
        if line.startswith("error:"):
            errors += 1
        p = DIAGNOSTIC_PATH.match(line)
        if p and (p.group("file").startswith("/") or (root and root in line)):
            found.setdefault("bad_path", []).append(line[:300])
        m = DIAGNOSTIC.match(line)
        if not m:
            continue
        if m.group("line") is None:
            if m.group("level") == "error" and not any(w in m.group("msg") for w in WHOLE_FILE):
                found.setdefault("no_position", []).append(line[:300])
            continue
        n, col = int(m.group("line")), int(m.group("col"))
        rel = m.group("file")
        if rel in files and rel not in lines:
            lines[rel] = line_count(files[rel])
        limit = lines[rel] + 1 if rel in files else None
        if n < 1 or col < 1 or (limit is not None and n > limit):
            found.setdefault("bad_position", []).append(f"{line[:300]} (file has {limit and limit - 2} line breaks)")
    if code == 1 and errors == 0 and not result["timed_out"]:
        found["silent_failures"] = (stderr.strip().splitlines() or ["no output"])[-1:]
    return found


# ---------------------------------------------------------------------------------------
# Workers

STATE = {}


def init_worker(options):
    STATE.update(options)
    STATE["bases"] = load_bases()
    STATE["tmp"] = Path(options["tmp"]) / f"worker-{os.getpid()}"
    STATE["tmp"].mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def save_failure(spec, result, found, case, root):
    out = Path(STATE["out"])
    for category in found:
        folder = out / category
        folder.mkdir(parents=True, exist_ok=True)
        if len(os.listdir(folder)) >= STATE["keep"]:
            continue
        dest = folder / f"case-{case:06d}"
        if dest.exists():
            continue
        # Special files (FIFOs) are not copied: meta.json says how to make them again.
        shutil.copytree(root, dest / "report", symlinks=True,
                        ignore=lambda d, names: [n for n in names if stat.S_ISFIFO(os.lstat(os.path.join(d, n)).st_mode)])
        meta = {
            "seed": STATE["seed"], "case": case, "base": spec["base"], "target": spec["target"],
            "ops": spec["ops"], "layout": spec["layout"], "found": found,
            **{k: v for k, v in result.items() if k != "stderr"},
            "stderr": result["stderr"][:8000],
        }
        (dest / "meta.json").write_text(json.dumps(meta, indent=2))
        (dest / "repro.sh").write_text(
            "#!/bin/sh\n# Rerun this case; or: python3 scripts/fuzz.py --seed "
            f"{STATE['seed']} --replay {case}\n"
            'cd "$(dirname "$0")" && exec "${JOURNEYBOOK:-journeybook}" check report\n'
        )


def run_case(case):
    spec = generate(STATE["bases"], STATE["seed"], case, STATE["only"])
    workdir = STATE["tmp"] / f"case-{case}"
    root = workdir / "report"
    try:
        workdir.mkdir()
        write_report(STATE["bases"], spec, root)
        result = run_check(STATE["binary"], root, STATE["timeout"], STATE["mem_cap"], workdir)
        found = judge(result, spec, STATE["bases"], STATE["mem_mb"])
        if found:
            save_failure(spec, result, found, case, root)
        return {
            "case": case, "found": found, "seconds": result["seconds"], "rss": result["max_rss_mb"],
            "ops": [o.split(":")[0] for o in spec["ops"]] + ([spec["layout"]["op"]] if spec["layout"] else []),
            "target": f"{spec['base']}:{spec['target']}",
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="number of cases (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="seed; the same seed makes the same cases")
    parser.add_argument("--start", type=int, default=0, help="first case number (default 0)")
    parser.add_argument("--bin", default=str(REPO / "target/release/journeybook"), help="the journeybook binary (default: target/release/journeybook)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel runs, 1 or 2 (default 2)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a run counts as a hang (default 10)")
    parser.add_argument("--mem-mb", type=int, default=512, help="peak RSS over this counts as a memory failure (default 512)")
    parser.add_argument("--as-cap-mb", type=int, default=2048, help="address-space limit of each run, a guard for the machine (default 2048)")
    parser.add_argument("--out", help="folder for failing inputs (default target/fuzz/seed-SEED)")
    parser.add_argument("--keep", type=int, default=40, help="failing inputs saved per category (default 40)")
    parser.add_argument("--only", help="comma-separated operation or folder-change names to draw from (default: all, by weight); --list shows them")
    parser.add_argument("--list", action="store_true", help="list the operations and folder changes with their weights")
    parser.add_argument("--replay", type=int, metavar="CASE", help="run one case, print what it did, keep its report in --out")
    args = parser.parse_args()

    if args.list:
        for name, (_, weight, kinds) in MUTATIONS.items():
            names = ", ".join(k for k, l in KIND_LETTER.items() if l in kinds)
            print(f"{name:22} weight {weight:<4} {names}")
        for name, weight in LAYOUT.items():
            print(f"{name:22} weight {weight:<4} folder change, in about 1 case of 70")
        return 0
    only = set(args.only.split(",")) if args.only else None
    unknown = (only or set()) - set(MUTATIONS) - set(LAYOUT)
    if unknown:
        sys.exit(f"error: unknown operations {sorted(unknown)}: see --list")
    binary = Path(args.bin)
    if not binary.is_file():
        sys.exit(f"error: {binary} not found: run `cargo build --release` first, or pass --bin")
    out = Path(args.out or REPO / f"target/fuzz/seed-{args.seed}")
    options = {
        "binary": str(binary.resolve()), "seed": args.seed, "timeout": args.timeout,
        "mem_mb": args.mem_mb, "mem_cap": args.as_cap_mb << 20, "out": str(out),
        "keep": args.keep, "only": only,
        # Case folders live here; removed at the end, also after an interrupted run.
        "tmp": tempfile.mkdtemp(prefix="journeybook-fuzz-"),
    }
    try:
        return run(args, options, out)
    finally:
        shutil.rmtree(options["tmp"], ignore_errors=True)


def run(args, options, out):
    if args.replay is not None:
        init_worker(options)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        spec = generate(STATE["bases"], args.seed, args.replay, options["only"])
        root = out / f"replay-{args.replay:06d}"
        shutil.rmtree(root, ignore_errors=True)
        write_report(STATE["bases"], spec, root)
        result = run_check(options["binary"], root, args.timeout, options["mem_cap"], STATE["tmp"])
        found = judge(result, spec, STATE["bases"], args.mem_mb)
        print(f"case {args.replay}: {spec['base']}:{spec['target']}")
        for op in spec["ops"]:
            print(f"  {op}")
        if spec["layout"]:
            print(f"  layout: {ascii(spec['layout'])}")
        print(f"exit {result['code']} signal {result['signal']} in {result['seconds']} s, peak RSS {result['max_rss_mb']} MB")
        print(result["stderr"][-3000:])
        print(f"found: {json.dumps(found) if found else 'nothing'}")
        print(f"report kept in {root}")
        return 1 if found else 0

    jobs = max(1, min(2, args.jobs))
    counts = {c: 0 for c in CATEGORIES}
    slow = 0
    examples = {}
    by_op = {}
    failing = []
    started = time.monotonic()
    done = 0
    cases = range(args.start, args.start + args.cases)
    out.mkdir(parents=True, exist_ok=True)
    with multiprocessing.Pool(jobs, initializer=init_worker, initargs=(options,)) as pool:
        try:
            for r in pool.imap_unordered(run_case, cases, chunksize=8):
                done += 1
                if r["seconds"] > 2 and "hangs" not in r["found"]:
                    slow += 1
                for category, lines in r["found"].items():
                    counts[category] += 1
                    examples.setdefault(category, []).append((r["case"], lines[0], r["target"], r["ops"]))
                    for op in set(r["ops"]):
                        by_op.setdefault(category, {}).setdefault(op, 0)
                        by_op[category][op] += 1
                if r["found"]:
                    failing.append(r)
                if done % 500 == 0:
                    bad = " ".join(f"{c}={n}" for c, n in counts.items() if n)
                    print(f"[{done}/{args.cases}] {time.monotonic() - started:.0f} s {bad}", file=sys.stderr, flush=True)
        except KeyboardInterrupt:
            pool.terminate()
            print("interrupted", file=sys.stderr)
    wall = time.monotonic() - started

    failing.sort(key=lambda r: r["case"])
    with open(out / "failures.tsv", "w") as f:
        f.write("case\tcategories\tseconds\tpeak_rss_mb\ttarget\tops\tfirst line\n")
        for r in failing:
            first = next(iter(r["found"].values()))[0]
            f.write(f"{r['case']}\t{','.join(r['found'])}\t{r['seconds']}\t{r['rss']}\t{r['target']}\t{' + '.join(r['ops'])}\t{str(first)[:200]}\n")
    for category in CATEGORIES:
        if not examples.get(category):
            continue
        ops = ", ".join(f"{op} {n}" for op, n in sorted(by_op[category].items(), key=lambda x: -x[1]))
        print(f"\n{category}: {counts[category]} (operations involved: {ops})")
        for case, line, target, case_ops in sorted(examples[category])[:5]:
            print(f"  case {case} {target} [{' + '.join(case_ops)}]: {line}")
    print(f"\nfailing inputs: {out}/<category>/case-N/ (first {args.keep} per category); all in {out}/failures.tsv")
    print(
        f"fuzz summary: seed={args.seed} cases={done} panics={counts['panics']} crashes={counts['crashes']} "
        f"hangs(>{args.timeout:g}s)={counts['hangs']} memory(>{args.mem_mb}MB)={counts['memory']} "
        f"no-line:col={counts['no_position']} bad-position={counts['bad_position']} bad-path={counts['bad_path']} "
        f"silent-failures={counts['silent_failures']} other-exits={counts['other_exits']} "
        f"slow(>2s)={slow} wall={wall:.1f}s"
    )
    return 1 if any(counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
