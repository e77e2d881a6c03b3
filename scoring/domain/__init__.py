"""The words and the values of the domain: input models, results, the vocabulary, exact numbers, errors.

The lowest floor: imports nothing of jixiao and no polars.
"""
