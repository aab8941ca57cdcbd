# expect: none
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    z = x @ W.T + prev_h @ U.T
    i, f, g, o = (z[:, k * H : (k + 1) * H] for k in range(4))
    c = sigmoid(f) * prev_c + sigmoid(i) * np.tanh(g)
    return c, sigmoid(o) * np.tanh(c)
