"""Per-call program in Python: reads input.json, writes x.npy (float32) and field.json."""
import json
import os
import sys

import numpy as np

with open(sys.argv[1]) as f:
    inp = json.load(f)
assert str(inp["seed"]) == os.environ["ORRERY_SEED"], "the JSON and the environment disagree on the seed"
assert inp["index"] == int(os.environ["ORRERY_INDEX"]), "the JSON and the environment disagree on the index"
assert inp["theta"] == [float(t) for t in os.environ["ORRERY_THETA"].split()]
rng = np.random.default_rng(inp["seed"])
theta = np.array(inp["theta"])
out = os.environ["ORRERY_OUTPUT_DIR"]
np.save(os.path.join(out, "x.npy"), (theta + 0.1 * rng.standard_normal(2)).astype(np.float32))
with open(os.path.join(out, "field.json"), "w") as f:
    json.dump({"field": [[inp["parameters"]["a"], 1.0], [2.0, inp["parameters"]["b"]]]}["field"], f)
