#!/usr/bin/env python3
"""Runs a text export of the Coursera notebook with jazzlstm.notebook in place of TensorFlow/music21.

    python3 tests/python/notebook_export.py EXPORT.txt MIDI [--workdir DIR]

The exports (../shared/seeds/*.txt, not shipped) are PDF-to-text renderings of the notebook:
code cells are ``` blocks whose first line starts with "In [N]:", but the conversion also

  * splits a cell over several blocks at page breaks, and shifts a block's indentation (the
    prompt's width, or none: the body of a def may come back at column 0);
  * mixes a cell's printed output into its block after the code;
  * loses the prompt of some cells (a graded function's def stands in a block of its own);
  * cuts long lines off at the page edge (truncation);
  * in the newer (v4) export also drops docstring quotes and underscores ("LSTM cell"), reads a
    comma as a period ("out.axis=-1"), joins a comment with the next line, indents with a
    3/4/7/8-space jitter, and omits the cell that loads the data (its output survived).

Generic, logged repairs handle the structure (cells, page breaks, indentation, output lines,
docstring quotes, lost underscores, comma-as-period); a short table per export restores the
truncated line ends and the other losses, each verified against the export text (a truncation
patch may only append text). Only the import cell is replaced. Cells that show the course's
sound clips (data/*.mp3, not shipped) get empty placeholder files.

Prints every patch and repair, then each cell's output, then a JSON line of the figures.
"""

import argparse
import codeop
import contextlib
import io
import json
import math
import os
import re
import shutil
import sys
import traceback
import warnings

PROMPT = re.compile(r"^\s*In \[(\d*| )\]\s*:\s?(.*)$")
OUTPUT_LINE = re.compile(r'^\s*(Model: "|Out\[\d+\]:)')

IMPORT_CELL = """\
import IPython
import sys
import numpy as np
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    class _NoPlot:
        def __getattr__(self, name):
            return lambda *args, **kwargs: None
    plt = _NoPlot()
from jazzlstm.notebook import *
"""

# The newer notebook's data cell (In [2]/[3]), absent from its export; its printed output
# ("Shape of Y: (30, 60, 90)", "Number of chords 19") survived. The course notebook's code:
V4_LOAD_CELL = """\
X, Y, n_values, indices_values, chords = load_music_utils('data/original_metheny.mid')
print('number of training examples:', X.shape[0])
print('Tx (length of sequence):', X.shape[1])
print('total # of unique values:', n_values)
print('shape of X:', X.shape)
print('Shape of Y:', Y.shape)
print('Number of chords', len(chords))
"""

# Per export: (kind, the export's text, its replacement). "truncated": the line starting with
# the text was cut off and the replacement appends its end (underscores the export lost may be
# restored too); "joined": a line break the export lost; "missing": a cell to insert before the
# cell whose code starts with the text.
PATCHES = {
    "v3a": [
        ("truncated", "model.compile(optimizer=opt, loss='categorical_crossentropy', metrics=['ac",
         "model.compile(optimizer=opt, loss='categorical_crossentropy', metrics=['accuracy'])"),
        ("truncated", "def music_inference_model(LSTM_cell, densor, n_values = 78, n_a = 64, Ty =",
         "def music_inference_model(LSTM_cell, densor, n_values = 78, n_a = 64, Ty = 100):"),
        ("truncated", "inference_model = music_inference_model(LSTM_cell, densor, n_values = 78,",
         "inference_model = music_inference_model(LSTM_cell, densor, n_values = 78, n_a = 64, Ty = 50)"),
        ("truncated", "def predict_and_sample(inference_model, x_initializer = x_initializer, a_initializer = a_initializer, c_initializer = c_",
         "def predict_and_sample(inference_model, x_initializer = x_initializer, a_initializer = a_initializer, c_initializer = c_initializer):"),
        ("truncated", "results, indices = predict_and_sample(inference_model, x_initializer, a_in",
         "results, indices = predict_and_sample(inference_model, x_initializer, a_initializer, c_initializer)"),
    ],
    "v4": [
        ("missing", "# number of dimensions for the hidden state of each LSTM cell.", V4_LOAD_CELL),
        ("joined", "# number of dimensions for the hidden state of each LSTM cell. n_a = 64",
         "# number of dimensions for the hidden state of each LSTM cell.\nn_a = 64"),
        ("truncated", "model = djmodel(Tx=30, LSTM_cell=LSTM_cell, densor=densor, reshaper=re",
         "model = djmodel(Tx=30, LSTM_cell=LSTM_cell, densor=densor, reshaper=reshaper)"),
        ("truncated", "model.compile(optimizer=opt, loss='categorical_crossentropy', metrics=",
         "model.compile(optimizer=opt, loss='categorical_crossentropy', metrics=['accuracy'])"),
        ("truncated", "def predict_and_sample(inference_model, x_initializer = x_initializer,",
         "def predict_and_sample(inference_model, x_initializer = x_initializer, a_initializer = a_initializer,"),
        ("truncated", "pred = inference model.predict([x initializer, a initializer, c in",
         "pred = inference_model.predict([x_initializer, a_initializer, c_initializer])"),
        ("truncated", "results = to categorical(indices, num classes=x initializer.shape[",
         "results = to_categorical(indices, num_classes=x_initializer.shape[2])"),
        ("truncated", "results, indices = predict_and_sample(inference_model, x_initializer,",
         "results, indices = predict_and_sample(inference_model, x_initializer, a_initializer, c_initializer)"),
    ],
}


class Cell:
    def __init__(self, number, line, in_prose=False):
        self.number = number          # "1", "12", " " or None (a block without prompt)
        self.line = line              # 1-based line of the export where it starts
        self.blocks = []              # each a list of raw lines
        self.in_prose = in_prose      # the prompt stood outside a ``` block
        self.code = ""
        self.output_lines = 0
        self.repairs = []

    def label(self):
        return "In [%s]" % self.number if self.number is not None else "(no prompt, line %d)" % self.line


# ---- 1. cells -------------------------------------------------------------------------------

def split_cells(text):
    """Cells in export order. A cell goes on across page breaks (blocks separated by blank
    lines only); a non-blank line of prose ends it."""
    cells, current, in_block, prose_open = [], None, False, False
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.expandtabs(8).rstrip()
        if line.strip().startswith("```"):
            in_block = not in_block
            if in_block:
                if current is None:
                    current = Cell(None, n)
                    cells.append(current)
                current.blocks.append([])
            continue
        m = PROMPT.match(line)
        if m:
            current = Cell(m.group(1), n, in_prose=not in_block)
            cells.append(current)
            current.blocks.append([m.group(2).strip()])
            prose_open = not in_block
            continue
        if in_block:
            current.blocks[-1].append(line)
        elif current is not None and current.in_prose and prose_open and line.strip():
            current.blocks[-1].append(line)  # a prompt in the prose: its lines follow it there
        elif not line.strip():
            prose_open = False
        elif current is not None:
            current = None
    return [c for c in cells if any(any(l.strip() for l in b) for b in c.blocks)]


# ---- 2. validity ----------------------------------------------------------------------------

def status(source):
    """'ok', 'incomplete' or 'invalid' for a piece of code."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code = codeop.compile_command(source + "\n", "<cell>", "exec")
    except (SyntaxError, ValueError, OverflowError):
        return "invalid"
    return "ok" if code is not None else "incomplete"


def alone(line):
    return status(line.strip()) if line.strip() else "ok"


def indent(line):
    return len(line) - len(line.lstrip(" "))


# ---- 3. repairs of single lines -------------------------------------------------------------

def repair_line(line, identifiers):
    """The line with lost underscores and comma-as-period restored, and what was done."""
    done = []
    fixed = line
    if fixed.lstrip().startswith("#"):
        return fixed, done
    # lost underscores: "inference model" -> "inference_model" when that name exists
    words = re.compile(r"\b([A-Za-z]\w*) ([A-Za-z]\w*)\b")
    while True:
        for m in words.finditer(fixed):
            joined = m.group(1) + "_" + m.group(2)
            if joined in identifiers:
                fixed = fixed[:m.start()] + joined + fixed[m.end():]
                done.append("underscore: %s" % joined)
                break
        else:
            break
    # comma read as a period before a keyword argument: f(out.axis=-1) -> f(out, axis=-1)
    comma = re.sub(r"(\w)\.(axis|depth|num_classes)=", r"\1, \2=", fixed)
    if comma != fixed:
        done.append("comma: %s" % comma.strip())
        fixed = comma
    return fixed, done


def restore_docstrings(lines, repairs):
    """A def whose docstring lost its quotes: the prose lines after the header get them back."""
    out, i = [], 0
    while i < len(lines):
        out.append(lines[i])
        if not lines[i].lstrip().startswith("def "):
            i += 1
            continue
        j = i
        while j < len(lines) and not lines[j].rstrip().endswith(":"):
            j += 1
            if j < len(lines):
                out.append(lines[j])
        k = j + 1
        run = []
        while k < len(lines) and (not lines[k].strip() or alone(lines[k]) == "invalid"):
            run.append(lines[k])
            k += 1
        text = [l for l in run if l.strip()]
        if text and not text[0].lstrip().startswith(('"""', "'''")):
            pad = " " * indent(text[0])
            out += [pad + '"""'] + run + [pad + '"""']
            repairs.append("docstring quotes restored after %s" % lines[i].strip()[:40])
        else:
            out += run
        i = k
    return out


# ---- 4. assembling a cell's code ------------------------------------------------------------

def assemble(cell, identifiers):
    """The cell's code: blocks re-indented, each line repaired where needed; the first line
    that no repair makes valid starts the output."""
    code = []
    blocks = [list(b) for b in cell.blocks]
    # the prompt line's text is at column 0; the rest of its block carries the prompt's indentation
    if cell.number is not None:
        first = blocks[0]
        rest = [l for l in first[1:] if l.strip()]
        base = indent(rest[0]) if rest else 0  # the prompt's width, as the first continuation line has it
        blocks[0] = [first[0]] + [l[base:] if l[:base].strip() == "" else l.lstrip() for l in first[1:]]
    for b, block in enumerate(blocks):
        nonblank = [l for l in block if l.strip()]
        if not nonblank:
            continue
        if b > 0 or cell.number is None:
            base = min(indent(l) for l in nonblank)
            block = [l[base:] if l.strip() else "" for l in block]
        # an indentation off the 4-space grid is jitter: snap it
        if any(indent(l) % 4 for l in block if l.strip() and not l.lstrip().startswith("#")):
            block = [" " * (4 * round(indent(l) / 4)) + l.lstrip() if l.strip() else "" for l in block]
            cell.repairs.append("indentation snapped to 4 spaces (block %d)" % (b + 1))
        block = restore_docstrings(block, cell.repairs)
        best = None
        for shift in ([0] if b == 0 else [0, 4, 8, 12]):
            trial, accepted, notes = fit_lines(code, block, shift, identifiers)
            if best is None or accepted > best[1]:
                best = (trial, accepted, notes, shift)
        trial, accepted, notes, shift = best
        if shift:
            cell.repairs.append("block %d re-indented by %d (a page break)" % (b + 1, shift))
        cell.repairs += notes
        code = trial
        if accepted < len([l for l in block if l.strip()]):
            cell.output_lines = sum(len(x) for x in blocks[b:])
            break
    while code and not code[-1].strip():
        code.pop()
    cell.code = "\n".join(code)
    return cell


def fit_lines(code, block, shift, identifiers):
    """Appends the block's lines (indented by `shift`) while the code stays valid, repairing
    lines that would make it invalid; returns (code, lines accepted, repairs)."""
    code = list(code)
    accepted, notes = 0, []
    for line in block:
        if not line.strip():
            code.append("")
            continue
        if OUTPUT_LINE.match(line):
            break
        line = " " * shift + line
        ok = None
        candidates = [line]
        fixed, done = repair_line(line, identifiers)
        if done:
            candidates.append(fixed)
        for cand in candidates:
            for level in [indent(cand)] + sorted({4 * k for k in range(0, indent(cand) // 4 + 3)} - {indent(cand)},
                                                  key=lambda x: abs(x - indent(cand))):
                trial = " " * level + cand.lstrip()
                if status("\n".join(code + [trial])) != "invalid":
                    ok = trial
                    if cand is not line:
                        notes += done
                    if level != indent(cand) and not cand.lstrip().startswith("#"):
                        notes.append("indentation %d -> %d: %s" % (indent(cand), level, cand.strip()[:40]))
                    break
            if ok is not None:
                break
        if ok is None:
            break
        code.append(ok)
        accepted += 1
    return code, accepted, notes


# ---- 5. the patches -------------------------------------------------------------------------

def apply_patches(cells, version, log):
    for kind, old, new in PATCHES.get(version, []):
        found = False
        for index, cell in enumerate(cells):
            for block in cell.blocks:
                for i, line in enumerate(block):
                    if line.strip() != old and not (kind == "truncated" and line.strip().startswith(old)) \
                            and not (kind == "missing" and line.strip().startswith(old)):
                        continue
                    if kind == "truncated":
                        # a truncation patch restores lost underscores and appends, nothing else
                        assert new.replace("_", " ").startswith(line.strip().replace("_", " ")), (old, new)
                        block[i] = line[:indent(line)] + new
                    elif kind == "joined":
                        pad = line[:indent(line)]
                        block[i:i + 1] = [pad + part for part in new.split("\n")]
                    elif kind == "missing":
                        inserted = Cell("restored", cell.line)
                        inserted.blocks = [[l for l in new.split("\n")]]
                        cells.insert(index, inserted)
                    found = True
                    log.append("%s (export line ~%d): %s" % (kind, cell.line, old if kind != "missing" else "the data cell"))
                    break
                if found:
                    break
            if found:
                break
        if not found:
            raise SystemExit("patch not applicable, the export changed: %s %r" % (kind, old))


def version_of(text):
    if "djmodel(Tx, n_a, n_values)" in text:
        return "v3a"
    if "def djmodel(Tx, LSTM" in text:
        return "v4"
    raise SystemExit("not an export of the jazz notebook (neither djmodel signature found)")


# ---- 6. running -----------------------------------------------------------------------------

def code_cells(text):
    """(version, cells with code, log of patches and repairs)."""
    version = version_of(text)
    cells = split_cells(text)
    log = []
    apply_patches(cells, version, log)
    identifiers = set(re.findall(r"\b[A-Za-z]\w*_\w+\b", text))
    import jazzlstm.notebook as nb
    identifiers |= set(dir(nb)) | {"num_classes"}
    prompted_defs, used = set(), set()
    for cell in cells:
        joined = "\n".join(l for b in cell.blocks for l in b)
        if cell.number is not None:
            prompted_defs |= set(re.findall(r"^\s*def (\w+)\(", joined, re.M))
            used |= set(re.findall(r"\b(\w+)\(", joined))
    kept = []
    for cell in cells:
        if cell.number is None:
            first = next((l for b in cell.blocks for l in b if l.strip()), "")
            m = re.match(r"\s*def (\w+)\(", first)
            # a block without prompt is a cell only when it is a graded function that the
            # notebook calls and no prompted cell defines (its prompt was lost)
            if not m or m.group(1) in prompted_defs or m.group(1) not in used:
                continue
            log.append("adopted a cell whose prompt was lost: def %s (export line %d)" % (m.group(1), cell.line))
        if cell.number == "1":
            cell.code = IMPORT_CELL
            log.append("In [1]: the import cell replaced by `from jazzlstm.notebook import *`")
            kept.append(cell)
            continue
        assemble(cell, identifiers)
        for r in cell.repairs:
            log.append("%s: %s" % (cell.label(), r))
        if cell.code.strip():
            kept.append(cell)
    return version, kept, log


class Tee(io.TextIOBase):
    def __init__(self, *streams):
        self.streams = streams

    def write(self, s):
        for st in self.streams:
            st.write(s)
        return len(s)

    def flush(self):
        for st in self.streams:
            st.flush()


def run(export, midi, workdir, echo=True):
    with open(export, encoding="utf-8") as f:
        text = f.read()
    version, cells, log = code_cells(text)
    os.makedirs(os.path.join(workdir, "data"), exist_ok=True)
    shutil.copy(midi, os.path.join(workdir, "data", "original_metheny.mid"))
    for clip in re.findall(r"\./data/(\w+\.mp3)", text):
        open(os.path.join(workdir, "data", clip), "wb").close()
    figures = {"version": version, "patches": log, "cells": [], "warnings": []}
    namespace = {"__name__": "__main__"}
    captured = io.StringIO()
    old = os.getcwd()
    os.chdir(workdir)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for cell in cells:
                out = io.StringIO()
                streams = (out, captured, sys.__stdout__) if echo else (out, captured)
                if echo:
                    print("---- %s" % cell.label(), file=sys.__stdout__)
                with contextlib.redirect_stdout(Tee(*streams)):
                    try:
                        exec(compile(cell.code, "<%s>" % cell.label(), "exec"), namespace)
                    except Exception:
                        figures["error"] = "%s failed:\n%s\n%s" % (cell.label(), cell.code, traceback.format_exc())
                        break
                figures["cells"].append(cell.label())
            figures["warnings"] = ["%s: %s" % (w.category.__name__, w.message) for w in caught]
    finally:
        os.chdir(old)
    printed = captured.getvalue()
    figures.update(figures_of(printed, workdir))
    return figures


def figures_of(printed, workdir):
    f = {}
    m = re.search(r"shape of X: (\(.*?\))", printed)
    f["X_shape"] = m.group(1) if m else None
    m = re.search(r"Shape of Y: (\(.*?\))", printed)
    f["Y_shape"] = m.group(1) if m else None
    m = re.search(r"total # of unique values: (\d+)", printed)
    f["n_values"] = int(m.group(1)) if m else None
    f["total_params"] = re.findall(r"Total params: ([\d,]+)", printed)
    losses = [float(x) for x in re.findall(r"- loss: (\d+\.\d+)", printed)]
    m1 = re.search(r"loss at epoch 1: ([\d.]+)", printed)
    m100 = re.search(r"loss at epoch 100: ([\d.]+)", printed)
    if m1 and m100:
        losses = [float(m1.group(1)), float(m100.group(1))]
    f["loss_first"] = losses[0] if losses else None
    f["loss_last"] = losses[-1] if losses else None
    f["generated"] = [int(n) for n in re.findall(r"Generated (\d+) sounds using the predicted values", printed)]
    midi = os.path.join(workdir, "output", "my_music.midi")
    f["midi_bytes"] = os.path.getsize(midi) if os.path.exists(midi) else 0
    if f["n_values"]:
        f["expected_loss_first"] = 29 * math.log(f["n_values"])
    return f


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("export")
    p.add_argument("midi")
    p.add_argument("--workdir", default="notebook-run")
    p.add_argument("--show-code", action="store_true")
    a = p.parse_args()
    if a.show_code:
        version, cells, log = code_cells(open(a.export, encoding="utf-8").read())
        for c in cells:
            print("---- %s\n%s" % (c.label(), c.code))
        return 0
    figures = run(a.export, a.midi, a.workdir)
    print("==== patches and repairs (%s)" % figures["version"])
    for line in figures["patches"]:
        print("  " + line)
    print("==== figures")
    print(json.dumps({k: v for k, v in figures.items() if k not in ("patches", "cells")}, indent=1))
    return 1 if "error" in figures else 0


if __name__ == "__main__":
    sys.exit(main())
