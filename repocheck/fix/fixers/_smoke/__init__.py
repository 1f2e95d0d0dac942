"""What the smoke-test fixer reads from the code, statically: the model class, the values its
constructor gets, the layers its ``forward`` runs the input through, and the training step.

Nothing here imports or runs the analyzed code; a value that cannot be read from literals and
simple arithmetic is unknown, and an unknown the test needs means no test is written.
"""
