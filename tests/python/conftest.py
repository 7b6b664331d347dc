"""Shared paths of the Python tests: the source tree, ../shared (JAZZLSTM_SHARED_DIR) and the build."""
import os
import pathlib

import pytest

SOURCE = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("JAZZLSTM_SHARED_DIR", SOURCE.parent / "shared"))
METHENY = SHARED / "data" / "original_metheny.mid"


@pytest.fixture
def metheny():
    if not METHENY.exists():
        pytest.skip("%s is absent (the notebook's MIDI file is not shipped)" % METHENY)
    return str(METHENY)
