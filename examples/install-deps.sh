#!/usr/bin/env bash
# Installs the Debian 12 packages jazzlstm builds and tests with, when any is missing.
set -euo pipefail
# clang + libclang-rt-14-dev: the libFuzzer stage of tests/run.sh (Debian 12's clang is 14).
# mma, openttd-openmsx: real MIDI files of other people's music for the tests (tests/real_midi.hpp).
# python3-dev … python3-matplotlib: the jazzlstm Python module and its tests (docs/python.md);
# jupyter-nbconvert + python3-nbclient + python3-ipykernel execute the example notebook.
# libpugixml-dev, libzip-dev (found by pkg-config): MusicXML input, plain and compressed .mxl (the
# jazzlstm::musicxml component). lilypond: prints the lead sheets in the tests and for --pdf (musicxml2ly + lilypond;
# lighter than musescore3, which pulls Qt: MuseScore 3 is used too where it is installed).
packages=(build-essential cmake ninja-build ccache libeigen3-dev doctest-dev nlohmann-json3-dev libbenchmark-dev midicsv python3-mido clang libclang-rt-14-dev
  libpugixml-dev libzip-dev pkg-config lilypond
  mma openttd-openmsx
  python3-dev pybind11-dev python3-pybind11 python3-numpy python3-pytest python3-matplotlib python3-ipython
  jupyter-nbconvert python3-nbclient python3-ipykernel python3-pip python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
