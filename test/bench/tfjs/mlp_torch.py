"""Optional peer: the same MLP in PyTorch on CPU, when torch is installed. Prints one JSON line."""
import json
import sys
import time

import torch

BATCH = 128
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 50
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.randn(BATCH * 8, 784)
y = torch.randint(0, 10, (BATCH * 8,))
loss_fn = torch.nn.CrossEntropyLoss()


def step(i):
    s = (i % 8) * BATCH
    opt.zero_grad()
    loss = loss_fn(model(x[s:s + BATCH]), y[s:s + BATCH])
    loss.backward()
    opt.step()
    return loss.item()


for i in range(3):
    step(i)
rates = []
for _ in range(3):
    start = time.perf_counter()
    for i in range(steps):
        loss = step(i)
    rates.append(steps * BATCH / (time.perf_counter() - start))
print(json.dumps({"runtime": f"torch {torch.__version__} cpu ({torch.get_num_threads()} threads)", "samplesPerSec": sorted(rates)[1], "loss": loss}))
