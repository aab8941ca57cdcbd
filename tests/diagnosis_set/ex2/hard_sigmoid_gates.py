# expect: none
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def hard_sigmoid(v):
    return np.clip(0.2 * v + 0.5, 0.0, 1.0)


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    z = x @ W.T + prev_h @ U.T + b
    a = np.tanh(z[:, :H])
    i = hard_sigmoid(z[:, H : 2 * H])
    f = hard_sigmoid(z[:, 2 * H : 3 * H])
    o = hard_sigmoid(z[:, 3 * H :])
    c = i * a + f * prev_c
    return c, o * np.tanh(c)
