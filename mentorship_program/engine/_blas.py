"""One BLAS thread per worker thread.

The engine splits its work over a thread pool itself; OpenBLAS would
otherwise start its own threads inside each worker and the two pools
fight over the cores (on a busy machine a product then waits for a
descheduled BLAS thread). OpenBLAS (0.3.27 and later) can limit the
threads of the *calling* thread only: ``openblas_set_num_threads_local``.
Nothing is changed for the rest of the process, and with another BLAS,
or without that function, this is a no-op.
"""

import ctypes
import functools
import os
from concurrent.futures import ThreadPoolExecutor


@functools.cache
def _local_setter():
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = sorted(
                {
                    line.split()[-1]
                    for line in maps
                    if "openblas" in line.lower() and line.split()[-1].startswith("/")
                }
            )
    except OSError:
        return None
    for path in paths:
        try:
            setter = ctypes.CDLL(path).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        setter.argtypes = [ctypes.c_int]
        setter.restype = ctypes.c_int
        return setter
    return None


def single_threaded(function):
    """``function`` run with one BLAS thread in the calling thread."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        setter = _local_setter()
        if setter is None:
            return function(*args, **kwargs)
        previous = setter(1)
        try:
            return function(*args, **kwargs)
        finally:
            setter(previous)

    return wrapper


def parallel_map(function, items):
    """function(item) for each item, in order, computed on every core.

    NumPy releases the GIL in the products, ufuncs and selections that do
    the work, so threads share the items; each runs its products on one
    BLAS thread.
    """
    items = list(items)
    workers = min(len(items), os.cpu_count() or 1)
    if workers <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(single_threaded(function), items))
