# expect: diag.clip-elementwise
import numpy as np


def gradient_clipping(grad, threshold):
    # cut every value that is too large
    out = np.where(grad > threshold, threshold, grad)
    out = np.where(out < -threshold, -threshold, out)
    return out
