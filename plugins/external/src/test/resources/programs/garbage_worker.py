"""A hand-written worker (no helper) that prints a log line on stdout, corrupting the frames, when theta[0] > 0.5."""
import json
import struct
import sys

import numpy as np

out = sys.stdout.buffer
inp = sys.stdin.buffer


def frame(header, data=b""):
    h = json.dumps(header).encode()
    out.write(struct.pack("<I", len(h)) + h + data)
    out.flush()


frame({"ready": True, "protocol": 1})
while True:
    raw = inp.read(4)
    if len(raw) < 4:
        break
    (n,) = struct.unpack("<I", raw)
    header = json.loads(inp.read(n))
    theta = np.frombuffer(inp.read(16), "<f8")
    if theta[0] > 0.5:
        out.write(b"Warning: solver did not converge\n")
        out.flush()
        continue
    frame({"ok": True, "arrays": [{"name": "x", "shape": [2]}]}, (2 * theta).astype("<f8").tobytes())
