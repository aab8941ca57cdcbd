# expect: diag.clip-per-row-norm
import numpy as np


def gradient_clipping(grad, threshold):
    if grad.ndim == 1:
        rows = [grad]
    else:
        rows = list(grad.reshape(-1, grad.shape[-1]))
    out = []
    for row in rows:
        n = np.sqrt(np.sum(row**2))
        out.append(row * threshold / n if n > threshold else row.copy())
    return np.array(out).reshape(grad.shape)
