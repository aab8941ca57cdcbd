# expect: diag.wrong-dtype
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    out = np.zeros(grad.shape, dtype=int)
    out[...] = grad * min(1.0, threshold / norm) if norm > 0 else 0
    return out
