# expect: diag.clip-nan-on-zero
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    rate = min(norm, threshold) / norm
    return grad * rate
