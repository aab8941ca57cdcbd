# expect: diag.lstm-missing-forget-gate
import numpy as np


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = np.einsum("nd,kd->nk", x, W) + np.einsum("nh,kh->nk", prev_h, U) + b
    z_a, z_i, _z_f, z_o = np.split(z, 4, axis=-1)
    gate = lambda t: 1.0 / (1.0 + np.exp(-t))  # noqa: E731
    c = gate(z_i) * np.tanh(z_a) + prev_c
    return c, gate(z_o) * np.tanh(c)
