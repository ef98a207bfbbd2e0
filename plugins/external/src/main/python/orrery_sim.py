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

    if __name__ == "__main__":
        orrery_sim.serve(simulate)

and in my-sim.simulator.yaml: ``command: [/usr/bin/python3, my_sim.py]`` and ``mode: worker``.

Protocol (docs/external-simulators.md): frames of a 4-byte little-endian header length, a UTF-8 JSON
header, then the raw little-endian float64 arrays the header's "arrays" list announces. The worker
writes {"ready": true, "protocol": 1}; each request {"op": "simulate", "seed": S, "arrays":
[{"name": "theta", "shape": [d]}]} + theta is answered {"ok": true, "arrays": [...]} + data, or
{"ok": false, "error": "..."} when simulate raises (the worker then carries on). EOF ends it.

While serving, anything printed to stdout goes to stderr: stdout carries the frames.

The same function can run in a plain loop for testing: ``orrery_sim.run_local(simulate, theta, seed)``.
"""

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


def run_local(simulate, theta, seed):
    """Call simulate exactly as a worker would: theta as float64, rng = default_rng(seed)."""
    return simulate(np.asarray(theta, dtype=np.float64), _rng(seed))


def _as_outputs(result, default_name):
    if isinstance(result, dict):
        items = list(result.items())
    else:
        items = [(default_name, result)]
    out = []
    for name, value in items:
        a = np.ascontiguousarray(np.asarray(value, dtype="<f8"))
        out.append((str(name), a))
    return out


def _read_exact(stream, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = stream.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _write_frame(out, header, arrays=()):
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    parts = [_LEN.pack(len(h)), h]
    for a in arrays:
        parts.append(a.tobytes())
    out.write(b"".join(parts))
    out.flush()


def serve(simulate, output="x", stdin=None, stdout=None):
    """Serve simulate(theta, rng) over stdin/stdout until EOF.

    simulate returns one array (stored under ``output``, the manifest's first output by default
    named "x") or a dict {output name: array}. An exception fails that simulation only.
    """
    if stdin is None:
        stdin = sys.stdin.buffer
    if stdout is None:
        # keep the real stdout for frames; user prints go to stderr
        fd = os.dup(1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        stdout = os.fdopen(fd, "wb", buffering=0)
    _write_frame(stdout, {"ready": True, "protocol": PROTOCOL})
    while True:
        raw = _read_exact(stdin, 4)
        if raw is None:
            return
        (n,) = _LEN.unpack(raw)
        if n == 0 or n > _MAX_HEADER:
            sys.stderr.write("orrery_sim: bad frame length %d\n" % n)
            sys.exit(2)
        header = json.loads(_read_exact(stdin, n).decode("utf-8"))
        arrays = []
        for spec in header.get("arrays", []):
            count = 1
            for e in spec["shape"]:
                count *= int(e)
            data = _read_exact(stdin, 8 * count)
            if data is None:
                return
            arrays.append(np.frombuffer(data, dtype="<f8").reshape(spec["shape"]))
        op = header.get("op")
        if op == "exit":
            return
        if op != "simulate":
            _write_frame(stdout, {"ok": False, "error": "unknown op %r" % (op,)})
            continue
        try:
            theta = arrays[0].copy()
            outputs = _as_outputs(simulate(theta, _rng(header["seed"])), output)
        except Exception as e:  # the simulation fails, the worker goes on
            last = traceback.format_exception_only(type(e), e)[-1].strip()
            _write_frame(stdout, {"ok": False, "error": last})
            continue
        _write_frame(stdout, {"ok": True, "arrays": [{"name": name, "shape": list(a.shape)} for name, a in outputs]},
                     [a for _, a in outputs])


if __name__ == "__main__":
    sys.stderr.write(__doc__)
