"""The benchmark: the portal at national scale, measured beside the ceiling of its own stack.

``bench.data`` builds a data set through the portal's services (bulk rows where the volume
asks for it), ``bench.meten`` measures pages, the knowledge product, mail, group composition
and memory, ``bench.rapport`` prints the table and writes the JSON. ``python -m bench`` (or
``make bench``) runs it all; see docs/benchmark.md.
"""
