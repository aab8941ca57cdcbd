# expect: none
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    D, H = x.shape[1], prev_h.shape[1]
    z = x @ W.reshape(D, 4 * H) + prev_h @ U.reshape(H, 4 * H) + b
    a = np.tanh(z[:, :H])
    i = sigmoid(z[:, H : 2 * H])
    f = sigmoid(z[:, 2 * H : 3 * H])
    o = sigmoid(z[:, 3 * H :])
    c = i * a + f * prev_c
    return c, o * np.tanh(c)
