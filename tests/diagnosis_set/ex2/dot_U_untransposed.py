# expect: diag.weight-not-transposed
import numpy as np


def lstm_step(x, prev_h, prev_c, W, U, b):
    hidden = prev_h.shape[1]
    pre = np.dot(x, W.T) + np.dot(prev_h, U) + b
    blocks = [pre[:, k * hidden : (k + 1) * hidden] for k in range(4)]
    cand = np.tanh(blocks[0])
    ig, fg, og = [1.0 / (1.0 + np.exp(-blk)) for blk in blocks[1:]]
    cell = ig * cand + fg * prev_c
    return cell, og * np.tanh(cell)
