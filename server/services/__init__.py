"""Use cases of the central server; routes call these and stay thin."""
