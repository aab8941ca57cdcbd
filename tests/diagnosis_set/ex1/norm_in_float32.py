# expect: diag.clip-scale-wrong, diag.fails-only-when
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad.astype(np.float32))  # saves memory
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
