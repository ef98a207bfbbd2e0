"""orrery_sim: run a Python function as an Orrery external simulator (worker mode).

Single file, standard library + numpy only. Copy it next to your simulator, or rely on the
PYTHONPATH the Orrery distribution sets (<orrery>/python).

    # my_sim.py
    import numpy as np
    import orrery_sim

    def simulate(theta, rng):
        # theta: 1-D float64 array in the manifest's parameter order
        # rng:   numpy.random.Generator seeded from Orrery's per-simulation stream
        return theta + 0.1 * rng.standard_normal(theta.shape)   # or {"x": ..., "latent": ...}

    # a function with a parameter named ``index`` also gets the simulation's index in the
    # campaign (the bank's /index value): def simulate(theta, rng, index): ...

    if __name__ == "__main__":
        orrery_sim.serve(simulate)

and in my-sim.simulator.yaml: ``command: [/usr/bin/python3, my_sim.py]`` and ``mode: worker``.

Protocol (docs/external-simulators.md): frames of a 4-byte little-endian header length, a UTF-8 JSON
header, then the raw little-endian float64 arrays the header's "arrays" list announces. The worker
writes {"ready": true, "protocol": 1}; each request {"op": "simulate", "seed": S, "index": i,
"arrays": [{"name": "theta", "shape": [d]}]} + theta is answered {"ok": true, "arrays": [...]} + data, or
{"ok": false, "error": "..."} when simulate raises (the worker then carries on). EOF ends it.

While serving, anything printed to stdout goes to stderr: stdout carries the frames.

The same function can run in a plain loop for testing: ``orrery_sim.run_local(simulate, theta, seed)``
(``index=i`` for a function that takes the index).
"""

import inspect
import json
import os
import struct
import sys
import traceback

import numpy as np

PROTOCOL = 1
_LEN = struct.Struct("<I")
_MAX_HEADER = 1 << 20

__all__ = ["serve", "run_local", "PROTOCOL"]


def _rng(seed):
    return np.random.default_rng(int(seed))


def _takes_index(simulate):
    """Whether simulate has a parameter named ``index`` (or takes **kwargs)."""
    try:
        params = inspect.signature(simulate).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "index" or p.kind == inspect.Parameter.VAR_KEYWORD for p in params)


def run_local(simulate, theta, seed, index=0):
    """Call simulate exactly as a worker would: theta as float64, rng = default_rng(seed), and
    index=index when the function takes it."""
    theta = np.asarray(theta, dtype=np.float64)
    if _takes_index(simulate):
        return simulate(theta, _rng(seed), index=int(index))
    return simulate(theta, _rng(seed))


def _as_outputs(result, default_name):
    items = result.items() if isinstance(result, dict) else ((default_name, result),)
    out = []
    for name, value in items:
        a = value if (type(value) is np.ndarray and value.dtype == _F8 and value.flags.c_contiguous) \
            else np.ascontiguousarray(value, dtype=_F8)
        out.append((str(name), a))
    return out


_F8 = np.dtype("<f8")


def _read_exact(stream, n):
    buf = stream.read(n)
    if buf is None or len(buf) == n:
        return buf
    buf = bytearray(buf)
    while len(buf) < n:
        chunk = stream.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _frame_header(header):
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    return _LEN.pack(len(h)) + h


def _write_frame(out, header, arrays=()):
    out.write(b"".join([_frame_header(header)] + [a.tobytes() for a in arrays]))
    out.flush()


def serve(simulate, output="x", stdin=None, stdout=None):
    """Serve simulate(theta, rng) over stdin/stdout until EOF.

    simulate returns one array (stored under ``output``, the manifest's first output by default
    named "x") or a dict {output name: array}. An exception fails that simulation only. A function
    with a parameter named ``index`` is called simulate(theta, rng, index=i) with the simulation's
    index in the campaign.
    """
    with_index = _takes_index(simulate)
    if stdin is None:
        stdin = sys.stdin.buffer
    if stdout is None:
        # keep the real stdout for frames; user prints go to stderr
        fd = os.dup(1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        stdout = os.fdopen(fd, "wb", buffering=0)
    _write_frame(stdout, {"ready": True, "protocol": PROTOCOL})
    answers = {}  # answer headers by output names and shapes: built once, not per simulation
    while True:
        raw = _read_exact(stdin, 4)
        if not raw or len(raw) < 4:
            return
        (n,) = _LEN.unpack(raw)
        if n == 0 or n > _MAX_HEADER:
            sys.stderr.write("orrery_sim: bad frame length %d\n" % n)
            sys.exit(2)
        body = _read_exact(stdin, n)
        if body is None or len(body) < n:
            return
        header = json.loads(body)
        arrays = []
        for spec in header.get("arrays", ()):
            shape = spec["shape"]
            count = 1
            for e in shape:
                count *= e
            data = _read_exact(stdin, 8 * count)
            if data is None or len(data) < 8 * count:
                return
            arrays.append(np.frombuffer(data, dtype=_F8).reshape(shape))
        op = header.get("op")
        if op == "exit":
            return
        if op != "simulate":
            _write_frame(stdout, {"ok": False, "error": "unknown op %r" % (op,)})
            continue
        try:
            if with_index:
                result = simulate(arrays[0].copy(), _rng(header["seed"]), index=int(header.get("index", 0)))
            else:
                result = simulate(arrays[0].copy(), _rng(header["seed"]))
            outputs = _as_outputs(result, output)
        except Exception as e:  # the simulation fails, the worker goes on
            last = traceback.format_exception_only(type(e), e)[-1].strip()
            _write_frame(stdout, {"ok": False, "error": last})
            continue
        key = tuple((name, a.shape) for name, a in outputs)
        head = answers.get(key)
        if head is None:
            head = _frame_header({"ok": True, "arrays": [{"name": name, "shape": list(a.shape)} for name, a in outputs]})
            if len(answers) < 64:
                answers[key] = head
        parts = [head]
        for _, a in outputs:
            parts.append(a.tobytes())
        stdout.write(b"".join(parts))
        stdout.flush()


if __name__ == "__main__":
    sys.stderr.write(__doc__)
