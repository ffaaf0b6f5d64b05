"""How big a tensor lesson may get (no NumPy here: the lesson reader checks them first)."""

#: Most elements one tensor may have.
MAX_ELEMENTS = 100_000
#: Most elements a lesson may hold, inputs and computed nodes together.
MAX_LESSON_ELEMENTS = 1_000_000
#: Most dimensions of a tensor.
MAX_DIMS = 8
