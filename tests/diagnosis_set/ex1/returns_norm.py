# expect: diag.returned-wrong-type
import numpy as np


def gradient_clipping(grad, threshold):
    norm = float(np.linalg.norm(grad))
    return min(norm, float(threshold))
