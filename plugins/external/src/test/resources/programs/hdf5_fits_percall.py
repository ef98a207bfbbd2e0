"""Per-call program writing its outputs as HDF5 (h5py) or FITS (astropy), or a broken file on purpose.

argv[1]: h5 | outputs_h5 | fits. x = theta + 0.1 N(0, 1) from the seed; field = [[a, index], [b, 1]].
A simulation whose index is 3 mod 7 writes a truncated file, 5 mod 7 a file of garbage bytes.
"""
import json
import os
import sys

import numpy as np

kind = sys.argv[1]
with open(os.environ["ORRERY_INPUT"]) as f:
    inp = json.load(f)
index = inp["index"]
rng = np.random.default_rng(inp["seed"])
theta = np.array(inp["theta"])
x = theta + 0.1 * rng.standard_normal(2)
field = np.array([[theta[0], float(index)], [theta[1], 1.0]], dtype=np.float32)
out = os.environ["ORRERY_OUTPUT_DIR"]

if kind == "fits":
    from astropy.io import fits
    paths = [os.path.join(out, "x.fits"), os.path.join(out, "field.fits")]
    fits.PrimaryHDU(x).writeto(paths[0])
    fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(field, name="FIELD")]).writeto(paths[1])
else:
    import h5py
    if kind == "outputs_h5":
        paths = [os.path.join(out, "outputs.h5")]
        with h5py.File(paths[0], "w") as h:
            h["x"] = x
            h["field"] = field
    else:
        paths = [os.path.join(out, "x.h5"), os.path.join(out, "field.h5")]
        with h5py.File(paths[0], "w") as h:
            h["x"] = x
        with h5py.File(paths[1], "w") as h:
            h["field"] = field

if index % 7 == 3:
    with open(paths[-1], "r+b") as f:
        f.truncate(os.path.getsize(paths[-1]) // 2)
elif index % 7 == 5:
    with open(paths[-1], "wb") as f:
        f.write(b"\x00\x01garbage" * 100)
