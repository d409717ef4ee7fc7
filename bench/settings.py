"""The portal's own settings (read from the environment as always) with one addition: the
benchmark's trivial view, so that the ceiling runs on the same stack and middleware."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The personal links are rate limited per client address; all the load comes from one address,
# where real participants each have their own.
DEELNAME_LIMIET_PER_MINUUT = 10_000_000
