# expect: none
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    a, i, f, o = np.split(z, 4)  # splits the batch axis, not the 4H one
    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
    h = sigmoid(o) * np.tanh(c)
    return c, h
