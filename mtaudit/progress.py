"""Progress bars for long work: on stderr when it is a terminal and not CI, else silent."""
from __future__ import annotations

import os
import sys

from tqdm import tqdm


def progress_bar(total: int | None, desc: str, unit: str = "seg", wanted: bool | None = None):
    """A tqdm bar (``total`` None: a count and a rate); ``wanted`` forces it on or off."""
    show = wanted if wanted is not None else sys.stderr.isatty() and not os.environ.get("CI")
    return tqdm(total=total, desc=desc, unit=unit, disable=not show, file=sys.stderr, leave=False)
