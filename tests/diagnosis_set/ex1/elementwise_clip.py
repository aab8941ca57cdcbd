# expect: diag.clip-elementwise
import numpy as np


def gradient_clipping(grad, threshold):
    return np.clip(grad, -threshold, threshold)
