"""The numbers of a convolution (stride 1, no padding): forward, dX and dW.

For ``tutor.tensor.conv_ops`` and the slips of ``tutor.tensor.slips``: the forward value,
the gradient spread back over the windows (``conv_transpose2d``) and the kernel's gradient.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tutor.tensor.shapes import Arrays, OpArg

__all__ = ["_conv", "_conv_dw", "_spread", "_upsample"]


def _conv(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    windows = sliding_window_view(x, w.shape[2:], axis=(2, 3))  # (N, C, Ho, Wo, kh, kw)
    result: np.ndarray = np.einsum("nchwij,fcij->nfhw", windows, w)
    return result


def _spread(d: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``conv_transpose2d(d, w)``: each output's gradient spread back over its window."""
    n, _, ho, wo = d.shape
    _, c, kh, kw = w.shape
    out = np.zeros((n, c, ho + kh - 1, wo + kw - 1))
    for i in range(kh):
        for j in range(kw):
            out[:, :, i : i + ho, j : j + wo] += np.einsum("nfhw,fc->nchw", d, w[:, :, i, j])
    return out


def _conv_dw(g: np.ndarray, o: np.ndarray, xs: Arrays, arg: OpArg) -> np.ndarray:
    x, w = xs
    windows = sliding_window_view(x, w.shape[2:], axis=(2, 3))
    result: np.ndarray = np.einsum("nchwij,nfhw->fcij", windows, g)
    return result


def _upsample(x: np.ndarray, k: int) -> np.ndarray:
    result: np.ndarray = np.repeat(np.repeat(x, k, axis=-2), k, axis=-1)
    return result
