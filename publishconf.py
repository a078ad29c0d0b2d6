"""Settings for publishing: pelicanconf.py plus the public address, built
into a folder of its own (public/), so that `invoke build` or a preview never
overwrites what is about to go online."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403
from pelicanconf import HERE  # noqa: E402

# The public address of the site, e.g. https://ngo.github.io/shadow-report:
# required, absolute, http:// or https:// (`invoke publish` refuses anything else).
SITEURL = os.environ.get("SITEURL", "")
OUTPUT_PATH = str(HERE / "public")
