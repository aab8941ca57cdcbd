# expect: correct
import numpy as np


def gate(v):
    return 0.5 * (1.0 + np.tanh(0.5 * v))


def pre_activation(x, prev_h, W, U, b):
    return np.einsum("nd,kd->nk", x, W) + np.einsum("nh,kh->nk", prev_h, U) + b


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = pre_activation(x, prev_h, W, U, b)
    H = z.shape[1] // 4
    candidate = np.tanh(z[:, 0:H])
    input_gate = gate(z[:, H : 2 * H])
    forget_gate = gate(z[:, 2 * H : 3 * H])
    output_gate = gate(z[:, 3 * H : 4 * H])
    new_c = forget_gate * prev_c + input_gate * candidate
    new_h = output_gate * np.tanh(new_c)
    return (new_c, new_h)
