# expect: diag.lstm-block-activation
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    a, i, f, o = map(sigmoid, np.split(z, 4, axis=1))  # every block is a gate
    c = i * a + f * prev_c
    h = o * np.tanh(c)
    return c, h
