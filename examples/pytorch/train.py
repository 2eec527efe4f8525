"""Trains an MLP with PyTorch and logs through mlops_workbench. Without PyTorch it says so and skips (exit 0)."""
import sys
import time

from mlops_workbench import log_artifact, log_metric, log_params, log_summary, params

try:
    import torch
    from torch import nn
except ImportError:
    print("SKIPPED: PyTorch is not installed in this Python (%s); nothing was trained." % sys.executable)
    print("Install it (https://pytorch.org/get-started/locally/) or pick an interpreter that has it: mlops run torch-mlp --python /path/to/python")
    log_params({"skipped": "torch not installed"})
    sys.exit(0)

p = params()
torch.manual_seed(int(p["seed"]))
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print("device:", device, torch.cuda.get_device_name(0) if device.type == "cuda" else "")
log_params({"device": str(device), "torch": torch.__version__})

# A synthetic task a linear model cannot solve well: labels from a random two-layer teacher network.
features, classes, samples = int(p["features"]), int(p["classes"]), int(p["samples"])
teacher = nn.Sequential(nn.Linear(features, 64), nn.Tanh(), nn.Linear(64, classes))
with torch.no_grad():
    x = torch.randn(samples, features)
    y = teacher(x).argmax(dim=1)
split = int(samples * 0.8)
x_train, y_train = x[:split].to(device), y[:split].to(device)
x_val, y_val = x[split:].to(device), y[split:].to(device)

hidden = int(p["hidden"])
model = nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, classes)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=float(p["lr"]))
loss_fn = nn.CrossEntropyLoss()
batch = int(p["batch_size"])

step = 0
started = time.perf_counter()
for epoch in range(int(p["epochs"])):
    model.train()
    order = torch.randperm(split, device=device)
    for i in range(0, split, batch):
        idx = order[i : i + batch]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
        if step % 10 == 0:
            log_metric("train/loss", loss.item(), step=step)
        step += 1
    model.eval()
    with torch.no_grad():
        logits = model(x_val)
        val_loss = loss_fn(logits, y_val).item()
        val_accuracy = (logits.argmax(dim=1) == y_val).float().mean().item()
    log_metric("val_loss", val_loss, step=epoch)
    log_metric("val_accuracy", val_accuracy, step=epoch)
    print("epoch %d/%d val_loss=%.4f val_accuracy=%.4f" % (epoch + 1, int(p["epochs"]), val_loss, val_accuracy))

seconds = time.perf_counter() - started
log_summary({"train_seconds": seconds, "samples_per_second": int(p["epochs"]) * split / seconds})
torch.save(model.state_dict(), "model.pt")
log_artifact("model.pt")
print("done in %.1f s" % seconds)
