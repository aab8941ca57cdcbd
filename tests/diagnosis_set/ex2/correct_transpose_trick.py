# expect: correct
import numpy as np


def lstm_step(x, prev_h, prev_c, W, U, b):
    # compute column-wise, then turn back to (N, H)
    z = (W @ x.T + U @ prev_h.T).T + b
    H = prev_c.shape[-1]
    parts = z.reshape(z.shape[0], 4, H)
    a = np.tanh(parts[:, 0])
    i = 1 / (1 + np.exp(-parts[:, 1]))
    f = 1 / (1 + np.exp(-parts[:, 2]))
    o = 1 / (1 + np.exp(-parts[:, 3]))
    c = i * a + f * prev_c
    h = o * np.tanh(c)
    return c, h
