# expect: diag.clip-per-row-norm
import numpy as np


def gradient_clipping(grad, threshold):
    norms = np.linalg.norm(grad, axis=1, keepdims=True)
    scale = np.minimum(1.0, threshold / np.maximum(norms, 1e-12))
    return grad * scale
