#!/usr/bin/env python3
"""PyTorch twin of the reference networks in bench/nn-runtime.sh (issue 13, runtime choice).

Networks (float32, full training step = forward + MSE loss + backward + Adam):
  unet2d  U-Net on 1x64x64, batch 16: 3 levels of 32-64-128 channels, two residual blocks per level
          (GroupNorm(8) - SiLU - conv3 - +time embedding - GroupNorm(8) - SiLU - conv3, 1x1 skip when the
          channels change), stride-2 conv down, nearest x2 + conv3 up, skip concatenation, sinusoidal
          time embedding (32) -> Linear 128 - SiLU - Linear 128, added per block through Linear(128, C).
  unet3d  the same in 3-D on 1x32^3, batch 4.
  cnn     encoder on 1x64x64, batch 128: conv3 1->16, then three [conv3 stride 2, GroupNorm(8), SiLU]
          at 32, 64, 128 channels, global average pool, Linear 128-128, SiLU, Linear 128-32.
Java twins: org.orrery.nn.bench.ReferenceNets (DJL/libtorch) and SameDiffNets (DL4J SameDiff).
Prints "RESULT <net>_ms <fastest step ms>" lines.

Usage: unet_torch.py [--threads T] [--steps N] [--nets unet2d,unet3d,cnn]
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(dim, cin, cout, k=3, stride=1):
    c = nn.Conv2d if dim == 2 else nn.Conv3d
    return c(cin, cout, k, stride=stride, padding=k // 2)


class ResBlock(nn.Module):
    def __init__(self, dim, cin, cout, temb):
        super().__init__()
        self.n1 = nn.GroupNorm(8, cin)
        self.c1 = conv(dim, cin, cout)
        self.t = nn.Linear(temb, cout)
        self.n2 = nn.GroupNorm(8, cout)
        self.c2 = conv(dim, cout, cout)
        self.skip = conv(dim, cin, cout, k=1) if cin != cout else None
        self.dim = dim

    def forward(self, x, e):
        h = self.c1(F.silu(self.n1(x)))
        h = h + self.t(e).view(*self.t(e).shape, *([1] * self.dim))
        h = self.c2(F.silu(self.n2(h)))
        return h + (self.skip(x) if self.skip is not None else x)


def time_features(t, dim=32):
    half = dim // 2
    freq = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    a = t[:, None] * freq[None, :]
    return torch.cat([torch.sin(a), torch.cos(a)], dim=1)


class UNet(nn.Module):
    def __init__(self, dim, ch=(32, 64, 128), temb=128):
        super().__init__()
        self.dim = dim
        self.t1, self.t2 = nn.Linear(32, temb), nn.Linear(temb, temb)
        self.inp = conv(dim, 1, ch[0])
        self.enc = nn.ModuleList()
        self.down = nn.ModuleList()
        cin = ch[0]
        for i, c in enumerate(ch):
            self.enc.append(nn.ModuleList([ResBlock(dim, cin, c, temb), ResBlock(dim, c, c, temb)]))
            cin = c
            if i < len(ch) - 1:
                self.down.append(conv(dim, c, c, stride=2))
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for i in range(len(ch) - 2, -1, -1):
            self.up.append(conv(dim, cin, cin))
            self.dec.append(nn.ModuleList([ResBlock(dim, cin + ch[i], ch[i], temb), ResBlock(dim, ch[i], ch[i], temb)]))
            cin = ch[i]
        self.nout = nn.GroupNorm(8, cin)
        self.out = conv(dim, cin, 1)

    def forward(self, x, t):
        e = self.t2(F.silu(self.t1(time_features(t))))
        h = self.inp(x)
        skips = []
        for i, blocks in enumerate(self.enc):
            for b in blocks:
                h = b(h, e)
            if i < len(self.down):
                skips.append(h)
                h = self.down[i](h)
        for up, blocks in zip(self.up, self.dec):
            h = up(F.interpolate(h, scale_factor=2, mode="nearest"))
            h = torch.cat([h, skips.pop()], dim=1)
            for b in blocks:
                h = b(h, e)
        return self.out(F.silu(self.nout(h)))


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.inp = nn.Conv2d(1, 16, 3, padding=1)
        layers, cin = [], 16
        for c in (32, 64, 128):
            layers += [nn.Conv2d(cin, c, 3, stride=2, padding=1), nn.GroupNorm(8, c), nn.SiLU()]
            cin = c
        self.body = nn.Sequential(*layers)
        self.l1, self.l2 = nn.Linear(128, 128), nn.Linear(128, 32)

    def forward(self, x, t=None):
        h = self.body(self.inp(x)).mean(dim=(2, 3))
        return self.l2(F.silu(self.l1(h)))


def bench(name, steps):
    torch.manual_seed(0)
    if name == "cnn":
        net, x, y = Encoder(), torch.randn(128, 1, 64, 64), torch.randn(128, 32)
    elif name == "unet2d":
        net, x = UNet(2), torch.randn(16, 1, 64, 64)
        y = torch.randn_like(x)
    else:
        net, x = UNet(3), torch.randn(4, 1, 32, 32, 32)
        y = torch.randn_like(x)
    t = torch.rand(x.shape[0])
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    nparam = sum(p.numel() for p in net.parameters())
    times, cpu = [], []
    for i in range(steps + 2):
        t0 = time.perf_counter()
        c0 = time.process_time()
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(net(x, t), y)
        loss.backward()
        opt.step()
        dt = time.perf_counter() - t0
        if i >= 2:
            times.append(dt)
            cpu.append(time.process_time() - c0)
    print(f"{name}: params {nparam}, loss {loss.item():.4f}, steps {len(times)}, fastest {min(times)*1e3:.1f} ms,"
          f" median {sorted(times)[len(times)//2]*1e3:.1f} ms, least CPU {min(cpu)*1e3:.1f} ms")
    print(f"RESULT {name}_ms {min(times)*1e3:.3f}")
    print(f"RESULT {name}_cpu_ms {min(cpu)*1e3:.3f}")
    print(f"RESULT {name}_params {nparam}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--nets", default="unet2d,unet3d,cnn")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)")
    for n in a.nets.split(","):
        bench(n, a.steps)
