#!/bin/sh
# make check: the library's layers, checked on the objects just built
# (check-layers.py says what it checks).
exec "${PYTHON3:-python3}" "$top_srcdir/tests/layers/check-layers.py" "$top_srcdir" "$top_builddir"
