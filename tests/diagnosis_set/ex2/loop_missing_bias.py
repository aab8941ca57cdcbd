# expect: diag.lstm-missing-bias
import math

import numpy as np


def lstm_step(x, prev_h, prev_c, W, U, b):
    n, hidden = prev_h.shape
    c = np.zeros((n, hidden))
    h = np.zeros((n, hidden))
    for row in range(n):
        z = W.dot(x[row]) + U.dot(prev_h[row])
        for k in range(hidden):
            a = math.tanh(z[k])
            i = 1 / (1 + math.exp(-z[hidden + k]))
            f = 1 / (1 + math.exp(-z[2 * hidden + k]))
            o = 1 / (1 + math.exp(-z[3 * hidden + k]))
            c[row, k] = i * a + f * prev_c[row, k]
            h[row, k] = o * math.tanh(c[row, k])
    return c, h
