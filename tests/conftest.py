from __future__ import annotations

import os

# Tests must not depend on the developer's locale or colour settings.
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)
os.environ["LANG"] = "C.UTF-8"
os.environ["NO_COLOR"] = "1"
