# expect: correct
import math

import numpy as np


def lstm_step(x, prev_h, prev_c, W, U, b):
    batch, hidden = prev_h.shape
    c = np.zeros((batch, hidden))
    h = np.zeros((batch, hidden))
    for n in range(batch):
        z = W.dot(x[n]) + U.dot(prev_h[n]) + b
        for k in range(hidden):
            a = math.tanh(z[k])
            i = 0.5 * (1 + math.tanh(0.5 * z[hidden + k]))
            f = 0.5 * (1 + math.tanh(0.5 * z[2 * hidden + k]))
            o = 0.5 * (1 + math.tanh(0.5 * z[3 * hidden + k]))
            c[n, k] = i * a + f * prev_c[n, k]
            h[n, k] = o * math.tanh(c[n, k])
    return c, h
