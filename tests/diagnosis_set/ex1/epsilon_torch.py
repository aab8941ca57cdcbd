# expect: diag.clip-epsilon
import numpy as np


def gradient_clipping(grad, threshold):
    eps = 1e-7
    clip_coef = threshold / (np.linalg.norm(grad) + eps)
    return grad * clip_coef if clip_coef < 1 else grad.copy()
