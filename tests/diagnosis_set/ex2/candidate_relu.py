# expect: diag.lstm-block-activation
import numpy as np


def relu(v):
    return np.maximum(0, v)


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x.dot(W.T) + prev_h.dot(U.T) + b
    za, zi, zf, zo = np.split(z, 4, axis=1)
    c = sigmoid(zi) * relu(za) + sigmoid(zf) * prev_c
    h = sigmoid(zo) * np.tanh(c)
    return c, h
