#!/usr/bin/python3
"""Measures the reference counts of the course networks in data/networks/ with PyTorch.

Each network is built here in torch exactly as its JSON describes it (DCGAN generator and
discriminator with nz 100 and 64 features, a 2-layer BiLSTM tagger, a 4-layer transformer encoder
classifier, torchaudio's M5 audio net, a two-level U-Net). params = sum of p.numel(); MACs are
measured with forward hooks from what each module actually multiplies, bias excluded:
Conv1d/Conv2d: output elements x in/groups x kernel taps; ConvTranspose2d: input elements x
out/groups x kernel taps; Linear: output elements x in_features; LSTM/GRU/RNN: T x the elements of
every weight_ih/weight_hh/weight_hr matrix (each is one matrix-vector product per step);
MultiheadAttention: T x (in_proj_weight + out_proj.weight elements) + 2 x T x S x E for QK^T and
softmax.V; Embedding: 0.
Usage: /usr/bin/python3 data/networks/measure_course_networks.py > data/networks/course_counts.json
"""
import json

import torch
from torch import nn

torch.manual_seed(0)


def dcgan_generator(nz=100, g=64):
    def up(i, o, s=2, p=1):
        return nn.ConvTranspose2d(i, o, 4, s, p, bias=False)
    return nn.Sequential(up(nz, 8 * g, 1, 0), nn.BatchNorm2d(8 * g), nn.ReLU(),
                         up(8 * g, 4 * g), nn.BatchNorm2d(4 * g), nn.ReLU(),
                         up(4 * g, 2 * g), nn.BatchNorm2d(2 * g), nn.ReLU(),
                         up(2 * g, g), nn.BatchNorm2d(g), nn.ReLU(),
                         up(g, 3), nn.Tanh()), torch.zeros(1, nz, 1, 1)


def dcgan_discriminator(d=64):
    def down(i, o):
        return nn.Conv2d(i, o, 4, 2, 1, bias=False)
    return nn.Sequential(down(3, d), nn.LeakyReLU(0.2),
                         down(d, 2 * d), nn.BatchNorm2d(2 * d), nn.LeakyReLU(0.2),
                         down(2 * d, 4 * d), nn.BatchNorm2d(4 * d), nn.LeakyReLU(0.2),
                         down(4 * d, 8 * d), nn.BatchNorm2d(8 * d), nn.LeakyReLU(0.2),
                         nn.Conv2d(8 * d, 1, 4, 1, 0, bias=False), nn.Sigmoid()), torch.zeros(1, 3, 64, 64)


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10000, 100)
        self.lstm = nn.LSTM(100, 128, num_layers=2, bidirectional=True, batch_first=True)
        self.tags = nn.Linear(256, 17)

    def forward(self, x):
        return self.tags(self.lstm(self.embed(x))[0])


class TransformerClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20000, 256)
        layer = nn.TransformerEncoderLayer(256, 8, dim_feedforward=1024, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 4, enable_nested_tensor=False)
        self.classes = nn.Linear(256, 2)

    def forward(self, x):
        return self.classes(self.encoder(self.embed(x)).mean(dim=1))


class M5(nn.Module):
    """torchaudio's speech-command tutorial net (n_channel 32, stride 16, 35 classes)."""

    def __init__(self, c=32):
        super().__init__()
        spec = [(1, c, 80, 16), (c, c, 3, 1), (c, 2 * c, 3, 1), (2 * c, 2 * c, 3, 1)]
        layers = []
        for i, o, k, s in spec:
            layers += [nn.Conv1d(i, o, k, stride=s), nn.BatchNorm1d(o), nn.ReLU(), nn.MaxPool1d(4)]
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(2 * c, 35)

    def forward(self, x):
        x = self.features(x)
        return self.fc(nn.functional.avg_pool1d(x, x.shape[-1]).flatten(1))


def double(i, o):
    return [nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(),
            nn.Conv2d(o, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU()]


class Skip(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return torch.cat([x, self.inner(x)], dim=1)


def unet(c=16):
    bottom = nn.Sequential(nn.MaxPool2d(2), *double(2 * c, 4 * c), nn.ConvTranspose2d(4 * c, 2 * c, 2, 2))
    middle = nn.Sequential(nn.MaxPool2d(2), *double(c, 2 * c), Skip(bottom), *double(4 * c, 2 * c),
                           nn.ConvTranspose2d(2 * c, c, 2, 2))
    return nn.Sequential(*double(1, c), Skip(middle), *double(2 * c, c), nn.Conv2d(c, 1, 1)), torch.zeros(1, 1, 64, 64)


def count(model, x):
    model.eval()
    macs = [0]

    def hook(m, inputs, output):
        if isinstance(m, (nn.Conv1d, nn.Conv2d)):
            taps = 1
            for k in m.kernel_size:
                taps *= k
            macs[0] += output.numel() * m.in_channels // m.groups * taps
        elif isinstance(m, nn.ConvTranspose2d):
            taps = m.kernel_size[0] * m.kernel_size[1]
            macs[0] += inputs[0].numel() * m.out_channels // m.groups * taps
        elif isinstance(m, nn.Linear):
            macs[0] += output.numel() * m.in_features
        elif isinstance(m, nn.RNNBase):
            steps = inputs[0].shape[1]
            macs[0] += steps * sum(p.numel() for n, p in m.named_parameters() if n.startswith("weight"))
        elif isinstance(m, nn.MultiheadAttention):
            t, s, e = inputs[0].shape[1], inputs[1].shape[1], m.embed_dim
            macs[0] += t * (m.in_proj_weight.numel() + m.out_proj.weight.numel()) + 2 * t * s * e

    for m in model.modules():
        m.register_forward_hook(hook)
    # With gradients on, torch 1.13 takes the module path of TransformerEncoderLayer (its eval
    # fast path is one fused kernel that no hook sees).
    out = model(x)
    return {"params": sum(p.numel() for p in model.parameters()), "macs": macs[0],
            "output_shape": list(out.shape[1:])}


def main():
    networks = {
        "dcgan_generator": dcgan_generator(),
        "dcgan_discriminator": dcgan_discriminator(),
        "bilstm_tagger": (Tagger(), torch.randint(0, 10000, (1, 50))),
        "transformer_classifier": (TransformerClassifier(), torch.randint(0, 20000, (1, 128))),
        "m5_audio": (M5(), torch.zeros(1, 1, 8000)),
        "unet_small": unet(),
    }
    counts = {name: count(model, x) for name, (model, x) in networks.items()}
    print(json.dumps({"torch": torch.__version__, "networks": counts}, indent=1))


if __name__ == "__main__":
    main()
