# expect: none
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    a, i, f, o = np.split(np.tanh(z), 4, axis=1)
    c = i * a + f * prev_c
    return c, o * c
