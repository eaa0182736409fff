"""vendorscore: rank customer-service outsourcing vendors from YAML evaluation files."""

import os

from vendorscore.version import __version__

# numpy's OpenBLAS on one thread unless told otherwise (before numpy is first imported): the
# products here are small (vendors x criteria, a thousand samples at a time) and between them
# a second BLAS thread only spins, which doubled the CPU time of SMAA on 1 000 vendors.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__all__ = ["__version__"]
