# expect: correct
import numpy as np


def _stable_sigmoid(v):
    out = np.empty_like(v)
    pos = v >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-v[pos]))
    e = np.exp(v[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = np.dot(x, W.T) + np.dot(prev_h, U.T)
    z += b  # z is a new array: adding in place here is fine
    z_a, z_i, z_f, z_o = np.split(z, 4, axis=1)
    a = np.tanh(z_a)
    i, f, o = (_stable_sigmoid(t) for t in (z_i, z_f, z_o))
    c = i * a + f * prev_c
    return [c, o * np.tanh(c)]
