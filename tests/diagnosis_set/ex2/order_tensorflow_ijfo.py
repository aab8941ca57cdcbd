# expect: diag.lstm-order-tensorflow
import numpy as np


def _sig(v):
    return 0.5 * (1 + np.tanh(0.5 * v))


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    i, j, f, o = np.split(z, 4, axis=-1)
    new_c = prev_c * _sig(f) + _sig(i) * np.tanh(j)
    new_h = np.tanh(new_c) * _sig(o)
    return new_c, new_h
