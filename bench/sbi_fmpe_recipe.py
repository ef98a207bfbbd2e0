"""sbi's FMPE recipe (default flow-matching estimator, as read in github sbi-dev/sbi at its 2026 head) in plain
torch, on the data SbiRecipeData exported: an independent reference for Orrery's fmpe on the same training set,
observations and reference samples. Not sbi itself (sbi is not installed here): the pieces followed are
VectorFieldMLP (hidden 100, 5 residual blocks, GELU, LayerNorm, learnable random Fourier time features of
width 32 and scale 30, zero-initialised output weight), FlowMatchingEstimator (theta_t = (1-t) theta +
(t + 1e-3) z, target z - theta, t ~ U(0, 1), input divided by the marginal std, Gaussian baseline velocity
added), Adam 5e-4, batch 200, 10 % validation, gradient clip 5, stop after 20 epochs without improvement,
best weights kept; sampling by adaptive Dormand-Prince 5(4) from t = 1 to 0 (atol 1e-6, rtol 1e-5, zuko's
defaults in sbi), draws outside the prior box rejected.
Usage: python3 sbi_fmpe_recipe.py DIR OBS SAMPLES SEED [MAX_EPOCHS]
Ablations toward Orrery's fmpe (environment): TIME=sinusoidal (Orrery's fixed features: 100 t times 10000^(-k/16)),
BASELINE=0 (no Gaussian baseline; the output times a constant sqrt(2) as Orrery's), SCHEDULE=cosine (Orrery's:
cosine decay over 200 epochs, EMA 0.995 of the weights validated and kept, no early stop); TPRIOR=alpha (training
times from the FMPE paper's power law p(t) ~ t^(1/(1+alpha)) in its convention t = 1 at the data, i.e. more
weight near the data; 0 = uniform, sbi's)."""
import os
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
d_ir, n_obs, n_samples, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
max_epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 100000
torch.manual_seed(seed)
np.random.seed(seed)
th = torch.tensor(np.loadtxt(f"{d_ir}/train_theta.csv", delimiter=",", ndmin=2), dtype=torch.float32)
xs = torch.tensor(np.loadtxt(f"{d_ir}/train_x.csv", delimiter=",", ndmin=2), dtype=torch.float32)
obs = torch.tensor(np.loadtxt(f"{d_ir}/obs.csv", delimiter=",", ndmin=2), dtype=torch.float32)
box = np.loadtxt(f"{d_ir}/box.csv", delimiter=",", ndmin=2)
n, d = th.shape
c = xs.shape[1]
perm = torch.randperm(n)
n_val = int(0.1 * n)
val_idx, tr_idx = perm[:n_val], perm[n_val:]
tm, ts = th[tr_idx].mean(0), th[tr_idx].std(0)
xm, xsd = xs[tr_idx].mean(0), xs[tr_idx].std(0)
thz = (th - tm) / ts
xz = (xs - xm) / xsd
SIGMA = 1e-3


class RandomFourier(nn.Module):
    def __init__(self, dim=32, scale=30.0):
        super().__init__()
        self.W = nn.Parameter(torch.randn(dim // 2) * scale)

    def forward(self, t):
        p = t[:, None] * self.W[None, :] * 2 * math.pi
        return torch.cat([torch.sin(p), torch.cos(p)], -1)


class Sinusoidal(nn.Module):
    def __init__(self, dim=32):
        super().__init__()
        self.register_buffer("f", torch.exp(-math.log(10000.0) * torch.arange(dim // 2) / (dim // 2)))

    def forward(self, t):
        p = (t * 100)[:, None] * self.f[None, :]
        return torch.cat([torch.sin(p), torch.cos(p)], -1)


TIME = os.environ.get("TIME", "fourier")
BASELINE = os.environ.get("BASELINE", "1") == "1"
SCHEDULE = os.environ.get("SCHEDULE", "sbi")
TPRIOR = float(os.environ.get("TPRIOR", "0"))
HIDDEN = int(os.environ.get("HIDDEN", "100"))
LAYERS = int(os.environ.get("LAYERS", "5"))
OUT = os.environ.get("OUT", "q")
print(f"variant: TIME={TIME} BASELINE={int(BASELINE)} SCHEDULE={SCHEDULE} TPRIOR={TPRIOR} HIDDEN={HIDDEN} LAYERS={LAYERS}",
      flush=True)


def train_times(k):
    u = torch.rand(k)
    if TPRIOR == 0:
        return u
    # density ~ s^(1/(1+alpha)) on [0, 1] in the paper's convention (s = 1 at the data): CDF s^((2+alpha)/(1+alpha));
    # here t = 0 is the data, so t = 1 - s
    return 1 - u ** ((1 + TPRIOR) / (2 + TPRIOR))


class VectorFieldMLP(nn.Module):
    def __init__(self, d, c, hidden=100, layers=5, temb=32):
        super().__init__()
        self.inp = nn.Linear(d, hidden)
        self.cond = nn.Linear(c, hidden)
        self.merge = nn.Linear(2 * hidden, hidden)
        self.temb = RandomFourier(temb) if TIME == "fourier" else Sinusoidal(temb)
        self.tlin = nn.Linear(temb, hidden)
        self.layers = nn.ModuleList([nn.Linear(hidden, hidden) for _ in range(layers)])
        self.norms = nn.ModuleList([nn.LayerNorm(hidden) for _ in range(layers)])
        self.out = nn.Linear(hidden, d)
        nn.init.zeros_(self.out.weight)
        self.act = nn.GELU()

    def forward(self, y, x, t):
        h = self.merge(self.act(torch.cat([self.inp(y), self.cond(x)], -1)))
        te = self.tlin(self.temb(t))
        h = self.act(h)
        for lin, ln in zip(self.layers, self.norms):
            h = ln(self.act(lin(h)) + te + h)
        return self.out(h)


net = VectorFieldMLP(d, c, HIDDEN, LAYERS)


def velocity(y, x, t):
    tv = t[:, None]
    var = (1 - tv) ** 2 + tv ** 2 + 1e-5
    std = var.sqrt()
    if not BASELINE:
        return net(y / std, x, t) * math.sqrt(2)
    affine = (tv - (1 - tv)) / var * y
    return net(y / std, x, t) * std + affine


def loss_fn(theta, x, t, z):
    tv = t[:, None]
    yt = (1 - tv) * theta + (tv + SIGMA) * z
    return ((velocity(yt, x, t) - (z - theta)) ** 2).mean()


opt = torch.optim.Adam(net.parameters(), lr=5e-4)
g = torch.Generator().manual_seed(seed + 1)
vt = torch.rand(n_val, generator=g)
vz = torch.randn(n_val, d, generator=g)
best, best_state, since, epoch = float("inf"), None, 0, 0
steps_per_epoch = len(tr_idx) // 200
if SCHEDULE == "cosine":
    total = 200 * steps_per_epoch
    warm = min(200, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: (k + 1) / warm if k < warm else
                                              0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(1.0, (k - warm) / (total - warm)))))
    ema = {k: w.detach().clone() for k, w in net.state_dict().items()}
t0 = time.time()
while (since < 20 or SCHEDULE == "cosine") and epoch < (200 if SCHEDULE == "cosine" else max_epochs):
    net.train()
    order = tr_idx[torch.randperm(len(tr_idx))]
    for s in range(0, len(order) - 199, 200):
        b = order[s:s + 200]
        loss = loss_fn(thz[b], xz[b], train_times(len(b)), torch.randn(len(b), d))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        opt.step()
        if SCHEDULE == "cosine":
            sched.step()
            with torch.no_grad():
                for k, w in net.state_dict().items():
                    ema[k].mul_(0.995).add_(w, alpha=0.005)
    net.eval()
    if SCHEDULE == "cosine":
        raw = {k: w.clone() for k, w in net.state_dict().items()}
        net.load_state_dict(ema)
    with torch.no_grad():
        v = loss_fn(thz[val_idx], xz[val_idx], vt, vz).item()
    epoch += 1
    if v < best:
        best, since = v, 0
        best_state = {k: w.clone() for k, w in net.state_dict().items()}
    else:
        since += 1
    if SCHEDULE == "cosine":
        net.load_state_dict(raw)
net.load_state_dict(best_state)
train_s = time.time() - t0
print(f"trained {epoch} epochs in {train_s:.1f} s, best validation loss {best:.4f}", flush=True)

# Dormand-Prince 5(4) tableau
C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1]
A = [[], [1 / 5], [3 / 40, 9 / 40], [44 / 45, -56 / 15, 32 / 9],
     [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
     [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
     [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84]]
E = [35 / 384 - 5179 / 57600, 0, 500 / 1113 - 7571 / 16695, 125 / 192 - 393 / 640,
     -2187 / 6784 + 92097 / 339200, 11 / 84 - 187 / 2100, -1 / 40]


def dopri5(f, y, t0, t1, atol=1e-6, rtol=1e-5):
    t, h, evals = t0, (t1 - t0) * 0.01, 1
    k = [f(y, t)] + [None] * 6
    while (t1 - t) * math.copysign(1, t1 - t0) > 1e-12:
        if abs(h) > abs(t1 - t):
            h = t1 - t
        for s in range(1, 7):
            k[s] = f(y + h * sum(A[s][j] * k[j] for j in range(s)), t + C[s] * h)
            evals += 1
        y1 = y + h * sum(A[6][j] * k[j] for j in range(6))
        e = h * sum(E[j] * k[j] for j in range(7))
        err = (e / (atol + rtol * torch.maximum(y.abs(), y1.abs()))).pow(2).mean().sqrt().item()
        if err <= 1:
            t, y, k[0] = t + h, y1, k[6]
        h *= min(10, max(0.2, 0.9 * max(err, 1e-10) ** -0.2))
    return y, evals


t1 = time.time()
with torch.no_grad():
    for o in range(n_obs):
        xo = ((obs[o] - xm) / xsd)[None, :]
        got = []
        total = 0
        while total < n_samples:
            z = torch.randn(1000, d) * (1 + SIGMA)
            xb = xo.expand(1000, c)
            y, evals = dopri5(lambda yy, tt: velocity(yy, xb, torch.full((1000,), tt)), z, 1.0, 0.0)
            th_s = (y * ts + tm).numpy()
            ok = np.all((th_s >= box[0]) & (th_s <= box[1]), axis=1)
            got.append(th_s[ok])
            total += ok.sum()
        np.savetxt(f"{d_ir}/{OUT}_{o}.csv", np.concatenate(got)[:n_samples], delimiter=",")
        print(f"obs {o + 1}: {evals} velocity evaluations in the last batch", flush=True)
print(f"sampled {n_obs} x {n_samples} in {time.time() - t1:.1f} s", flush=True)
