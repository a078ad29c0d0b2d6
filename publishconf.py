"""Settings for publishing: pelicanconf.py plus the public address."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The public address of the site, e.g. https://ngo.github.io/shadow-report
SITEURL = os.environ.get("SITEURL", "")
